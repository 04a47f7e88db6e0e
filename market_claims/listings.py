"""The listed companies of the major indices, from `pytickersymbols` (a maintained package that ships
~1,800 constituents of 20 indices with their Yahoo symbols and ISINs), as rows of the entity table.

`seeds/listings.csv` is generated from the installed package (`python -m market_claims.listings`, or
`make reference`); a test checks that it still matches the package. The hand-written
`seeds/entities.csv` is the reviewed overlay: its rows win over these, ticker for ticker, and its
aliases over these aliases. Names that are also common words ("Next", "Target") are not matched
alone (seeds/listing_stopnames.txt): only their full company name is.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from .entities import ENTITY_COLUMNS
from .settings import PROJECT_ROOT

LISTINGS_FILE = PROJECT_ROOT / "seeds" / "listings.csv"
STOPNAMES_FILE = PROJECT_ROOT / "seeds" / "listing_stopnames.txt"

# Yahoo suffix -> (exchange MIC = trading calendar, currency, country). Other suffixes (".F" Frankfurt's
# floor, ".BE" Berlin…) are secondary quotes, never a company's primary listing.
MARKETS = {
    "": ("XNYS", "USD", "US"), "PA": ("XPAR", "EUR", "FR"), "DE": ("XETR", "EUR", "DE"),
    "L": ("XLON", "GBp", "GB"), "T": ("XTKS", "JPY", "JP"), "SW": ("XSWX", "CHF", "CH"),
    "MC": ("XMAD", "EUR", "ES"), "AS": ("XAMS", "EUR", "NL"), "BR": ("XBRU", "EUR", "BE"),
    "HE": ("XHEL", "EUR", "FI"), "ST": ("XSTO", "SEK", "SE"), "MI": ("XMIL", "EUR", "IT"),
    "CO": ("XCSE", "DKK", "DK"), "OL": ("XOSL", "NOK", "NO"), "LS": ("XLIS", "EUR", "PT"),
    "IR": ("XDUB", "EUR", "IE"), "VI": ("XWBO", "EUR", "AT"),
}
# The package's index -> the Yahoo symbol of the benchmark a member's move is compared with (its
# market's main index), in order of preference when a company belongs to several.
BENCHMARKS = {
    "S&P 500": "^GSPC", "NASDAQ 100": "^IXIC", "DOW JONES": "^DJI", "S&P 100": "^GSPC", "S&P 600": "^GSPC",
    "CAC_40": "^FCHI", "CAC Mid 60": "^FCHI", "DAX": "^GDAXI", "MDAX": "^GDAXI", "SDAX": "^GDAXI",
    "TecDAX": "^GDAXI", "FTSE 100": "^FTSE", "NIKKEI 225": "^N225", "IBEX 35": "^IBEX", "AEX": "^AEX",
    "BEL 20": "^BFX", "Switzerland 20": "^SSMI", "OMX Helsinki 25": "^OMXH25", "OMX Stockholm 30": "^OMX",
    "EURO STOXX 50": "^STOXX50E",
}
_LEGAL_FORM = re.compile(
    r"(?:,?\s+(?:Inc\.?|Incorporated|Corp\.?|Corporation|Company|Co\.|Companies|plc|PLC|AG|SE|S\.A\.|SA|N\.V\.|NV|"
    r"Holdings?|Group|Ltd\.?|Limited|A/S|AB|Oyj|Abp|ASA|KGaA|& Co\.|S\.p\.A\.|SpA|Aktiengesellschaft|"
    r"\(publ\)|Class [A-C]|Co\.,? Ltd\.?))+$")


def short_names(name: str) -> list[str]:
    """The name and the shorter ways the press writes it: without its legal form ("Shell plc" -> "Shell") or a
    package's note in brackets ("Rio Tinto (corporation)" -> "Rio Tinto"), "St." without its dot ("St James's
    Place"), a capital inside a word lowered ("ThyssenKrupp" -> "Thyssenkrupp")."""
    names = [name.strip()]
    short = _LEGAL_FORM.sub("", re.sub(r"\s*\([^)]*\)$", "", name.strip()))
    short = re.sub(r"^The\s+", "", short).strip(" ,")
    for variant in (short, re.sub(r"\bSt\.\s", "St ", short),
                    re.sub(r"(?<=[a-z])([A-Z])(?=[a-z])", lambda m: m.group(1).lower(), short)):
        if variant and variant not in names and len(variant) >= 3:
            names.append(variant)
    return names


# The market an index's members are quoted on (Euro Stoxx 50: several, any of MARKETS).
INDEX_MARKETS = {
    "CAC_40": "PA", "CAC Mid 60": "PA", "DAX": "DE", "MDAX": "DE", "SDAX": "DE", "TecDAX": "DE", "FTSE 100": "L",
    "NIKKEI 225": "T", "IBEX 35": "MC", "AEX": "AS", "BEL 20": "BR", "Switzerland 20": "SW", "OMX Helsinki 25": "HE",
    "OMX Stockholm 30": "ST", "S&P 500": "", "NASDAQ 100": "", "DOW JONES": "", "S&P 100": "", "S&P 600": "",
}


def _primary_symbol(stock: dict, index: str) -> tuple[str, str] | None:
    """(Yahoo symbol, suffix) of the stock's home listing: the symbol on its index's market. None when the
    package gives none there (Vivendi, in the CAC Mid 60, has only US and London quotes): no listing is guessed."""
    symbols = [stock.get("symbol") or ""] + [s.get("yahoo") or "" for s in stock.get("symbols") or []]
    wanted = INDEX_MARKETS.get(index)
    for symbol in symbols:
        suffix = symbol.rsplit(".", 1)[1] if "." in symbol else ""
        if symbol and suffix in MARKETS and not symbol.startswith("^") and wanted in (None, suffix):
            return symbol, suffix
    return None


def listing_rows(stopnames: set[str]) -> list[dict]:
    from pytickersymbols import PyTickerSymbols

    catalogue = PyTickerSymbols()
    members = [(index, stock) for index in BENCHMARKS for stock in catalogue.get_stocks_by_index(index)]
    rows: dict[str, dict] = {}
    # A short name two companies share ("Mitsubishi", "Sumitomo") names neither.
    owners: dict[str, set[str]] = {}
    for _, stock in members:
        for name in short_names(stock["name"])[1:]:
            owners.setdefault(name, set()).add(stock["name"])
    shared = {name for name, companies in owners.items() if len(companies) > 1}
    # ... nor one that begins another company's name ("Mitsubishi" for Mitsubishi Corporation, when
    # Mitsubishi Electric is listed too): the reviewed overlay (entities.csv) settles the ones that matter.
    full_names = {stock["name"] for _, stock in members}
    shared |= {name for name in owners
               if any(other.startswith(name + " ") and other not in owners[name] for other in full_names)}
    for index, stock in members:
        found = _primary_symbol(stock, index)
        if found is None or found[0] in rows:
            continue
        ticker, suffix = found
        calendar, currency, country = MARKETS[suffix]
        names = short_names(stock["name"])
        aliases = [n for n in names[1:] if n not in stopnames and n not in shared]
        others = sorted({s["yahoo"] for s in stock.get("symbols") or [] if s.get("yahoo") and s["yahoo"] != ticker})
        rows[ticker] = {
            "ticker": ticker, "name": names[0], "aliases": "|".join(aliases), "kind": "equity",
            "exchange": calendar, "listing": "primary", "primary_ticker": ticker,
            "other_listings": "|".join(others), "calendar": calendar, "currency": currency, "country": country,
            "benchmark": BENCHMARKS[index], "isin": "|".join(stock.get("isins") or []), "index": index,
        }
    return sorted(rows.values(), key=lambda r: r["ticker"])


LISTING_COLUMNS = ENTITY_COLUMNS + ["isin", "index"]


def read_stopnames(path: Path = STOPNAMES_FILE) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def write_listings(path: Path = LISTINGS_FILE) -> int:
    rows = listing_rows(read_stopnames())
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, LISTING_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else LISTINGS_FILE
    print(f"{write_listings(target)} listings written to {target}")
