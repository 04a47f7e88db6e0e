"""The run's report: one static HTML page a person opens — verdicts by article, disagreements, outlet
scorecards, the event study, and for each checked claim a chart of its event window with the claim drawn on it.

Built from the published database (so it shows exactly what users query), self-contained (charts are
inline SVG from matplotlib), written aside and renamed into warehouse/reports/<run id>/index.html and
warehouse/reports/latest.html.
"""

from __future__ import annotations

import hashlib
import html
import io
from pathlib import Path

import duckdb
import polars as pl

from .files import write_text_atomically
from .user_cache import UserCache

VERDICT_COLOURS = {"accurate": "#c8e6c9", "approximately_accurate": "#e6f4c8", "consistent_intraday": "#d7ecf7",
                   "inaccurate": "#ffcdd2", "ambiguous": "#fff3c4", "unverifiable": "#eeeeee", "pending_prices": "#eeeeee"}
CHARTED_KINDS = ("price_move", "points_change", "price_level", "direction", "market_cap_change", "market_cap_level")
SESSIONS_AROUND = 8
# A page a person reads: the most recently ingested articles, each chart costs ~40 ms to draw (and
# ~30 KB of page). The rest is one query away (`market-claims sql`), and the page says how many were left out.
ARTICLES_SHOWN = 200
CHARTS_DRAWN = 24  # the newest articles' claims, in page order
CHARTS_KEPT = 1_000  # in the user cache (~30 KB each): several warehouses' pages


ROWS_SHOWN = 200  # of each summary table: the largest disagreements, the most notable abnormal moves


def build_report(database: Path, reports_dir: Path) -> Path:
    """Write the report of the published `database`; returns the run's page.

    Reads only what the page shows (SQL with limits), so its cost does not grow with the warehouse."""
    with duckdb.connect(str(database), read_only=True) as con:
        tables = {name: con.execute(sql, params).pl() for name, (sql, params) in _QUERIES.items()}
        tables["counts"] = con.execute("SELECT verdict, count(*) AS n FROM claim_verdicts GROUP BY 1 ORDER BY 1").pl()
        tables["articles_with_claims"] = con.execute("SELECT count(DISTINCT source_file) AS n FROM claim_verdicts").pl()
        tables["_publication"] = con.execute("SELECT * FROM _publication").pl()
    run_id, published_at = tables["_publication"].row(0)
    page = render(tables, run_id, published_at, UserCache("charts", keep=CHARTS_KEPT))
    run_page = reports_dir / str(run_id) / "index.html"
    for path in (run_page, reports_dir / "latest.html"):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(path, page)
    return run_page


_QUERIES = {
    # The verdicts of the most recently ingested articles, newest first.
    "claim_verdicts": ("""
        WITH newest AS (
            SELECT v.source_file, max(a.ingestion_day) AS ingestion_day
            FROM claim_verdicts AS v LEFT JOIN articles AS a USING (article_id)
            GROUP BY v.source_file
            ORDER BY ingestion_day DESC NULLS LAST, v.source_file
            LIMIT ?)
        SELECT v.*, n.ingestion_day AS article_day FROM claim_verdicts AS v JOIN newest AS n USING (source_file)
        ORDER BY n.ingestion_day DESC NULLS LAST, v.source_file, v.claim_id""", [ARTICLES_SHOWN]),
    "prices": ("SELECT * FROM prices", []),
    "claim_disagreements": ("SELECT * FROM claim_disagreements ORDER BY spread DESC, ticker, event_date LIMIT ?", [ROWS_SHOWN]),
    "outlet_scorecard": ("SELECT * FROM outlet_scorecard ORDER BY claims DESC, outlet LIMIT ?", [ROWS_SHOWN]),
    "event_study": ("""SELECT * FROM (SELECT DISTINCT ON (claim_id) * FROM event_study ORDER BY claim_id)
        ORDER BY abs(abnormal_t) DESC NULLS LAST, ticker, claim_id LIMIT ?""", [ROWS_SHOWN]),
}


def render(tables: dict[str, pl.DataFrame], run_id: str, published_at, chart_cache: UserCache | None = None) -> str:
    verdicts = tables["claim_verdicts"]
    total = int(tables["counts"]["n"].sum())
    counts = ", ".join(f"{n} {v}" for v, n in tables["counts"].iter_rows())
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>market-claims report</title><style>"
        "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}"
        "table{border-collapse:collapse;margin:0.5em 0 2em;width:100%}td,th{border:1px solid #ccc;padding:4px 8px;"
        "text-align:left;vertical-align:top}th{background:#f5f5f5}.chart{margin:0.3em 0 1em}"
        "figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}figcaption{font-size:85%;max-width:420px}"
        "</style></head><body>",
        "<h1>market-claims report</h1>",
        f"<p>Run {_e(run_id)}, published {_e(published_at)}. {total} claims: {_e(counts)}.</p>",
        f"<h2>Verdicts by article</h2><p>Most recently ingested first; charts for the first {CHARTS_DRAWN} claims "
        "that can be drawn.</p>",
    ]
    shown, drawn = 0, 0
    for (source_file,), rows in verdicts.group_by("source_file", maintain_order=True):
        shown += 1
        outlet = rows["outlet"][0]
        parts.append(f"<h3>{_e(outlet)}{'' if outlet == source_file else f' — {_e(source_file)}'}</h3>")
        parts.append(_table(rows, ["quote", "ticker", "kind", "claimed_value", "actual_value", "verdict", "explanation"],
                            colour_by="verdict"))
        charts = []
        for row in rows.iter_rows(named=True):
            if drawn < CHARTS_DRAWN and (chart := _chart_figure(row, tables["prices"], chart_cache)):
                charts.append(chart)
                drawn += 1
        if charts:
            parts.append("<div class='chart'>" + "".join(charts) + "</div>")
    left = int(tables["articles_with_claims"]["n"][0]) - shown
    if left > 0:
        parts.append(f"<p>{left} more articles with claims are not shown here: query them with "
                     f"<code>market-claims sql \"select * from claim_verdicts\"</code>.</p>")
    parts += ["<h2>Disagreements between articles</h2><p>The largest spreads first.</p>",
              _table(tables["claim_disagreements"], ["ticker", "event_date", "kind", "spread", "actual_value", "statements"]),
              "<h2>Outlet scorecards</h2>",
              _table(tables["outlet_scorecard"], ["outlet", "claims", "checkable", "accurate", "approximately_accurate",
                                                  "inaccurate", "accurate_share", "median_abs_error_pp"]),
              "<h2>Event study: the share's own part of each move</h2><p>The largest abnormal moves first.</p>",
              _table(tables["event_study"], ["ticker", "benchmark", "event_date", "stock_return", "benchmark_return", "beta",
                                             "abnormal_return", "abnormal_t", "note"]),
              f"<p>Summary tables show at most {ROWS_SHOWN} rows each; the rest is in the published database.</p>",
              "</body></html>"]
    return "\n".join(parts)


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return _e(value)


def _table(df: pl.DataFrame, columns: list[str], colour_by: str | None = None) -> str:
    if df.is_empty():
        return "<p><em>none</em></p>"
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    rows = []
    for row in df.iter_rows(named=True):
        style = f" style='background:{VERDICT_COLOURS.get(row[colour_by], '#fff')}'" if colour_by else ""
        rows.append(f"<tr{style}>" + "".join(f"<td>{_cell(row[c])}</td>" for c in columns) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _chart_figure(claim: dict, prices: pl.DataFrame, cache: UserCache | None = None) -> str | None:
    """The closes around the claim's session, the session marked, and the claim drawn where it puts the close.

    Drawing one takes ~60 ms (and matplotlib's import ~1 s): the figure is kept in the user cache by a hash of
    what it shows, so a refresh — or another warehouse showing the same claim — redraws only what changed.
    """
    if claim["kind"] not in CHARTED_KINDS or not claim["bar_date"] or not claim["ticker"] or "|" in claim["ticker"]:
        return None
    bars = prices.filter(pl.col("ticker") == claim["ticker"]).sort("date")
    if bars.is_empty():
        return None
    index = bars["date"].search_sorted(claim["bar_date"])
    window = bars.slice(max(0, index - SESSIONS_AROUND), 2 * SESSIONS_AROUND + 1)
    shown = [claim[k] for k in ("ticker", "verdict", "bar_date", "quote", "kind", "timing", "claimed_value", "prev_close")]
    key = hashlib.sha256((repr(shown) + window.select("date", "close", "low", "high").write_csv()).encode()).hexdigest()
    name = f"{key[:32]}.html"
    if cache and (figure := cache.get(name)):
        return figure
    figure = _draw(claim, window)
    if cache:
        cache.put(name, figure)
    return figure


def _draw(claim: dict, window: pl.DataFrame) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.2, 2.4), dpi=100)
    ax.plot(window["date"].to_list(), window["close"].to_list(), color="#1f4e79", linewidth=1.5, label="close")
    ax.fill_between(window["date"].to_list(), window["low"].to_list(), window["high"].to_list(), color="#1f4e79",
                    alpha=0.12, label="low–high")
    ax.axvline(claim["bar_date"], color="#888", linestyle=":", linewidth=1)
    claimed = _claimed_close(claim)
    if claimed is not None:
        ax.axhline(claimed, color="#c62828", linestyle="--", linewidth=1.2, label="claimed")
    ax.set_title(f"{claim['ticker']} — {claim['verdict'].replace('_', ' ')}", fontsize=9)
    ax.tick_params(labelsize=7)
    fig.autofmt_xdate()
    ax.legend(fontsize=6, loc="best")
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})  # the same chart, the same bytes
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    return f"<figure>{svg}<figcaption>{_e(claim['quote'])}</figcaption></figure>"


def _claimed_close(claim: dict) -> float | None:
    """Where the claim puts the session's close, so it can be drawn against the real one."""
    value, previous = claim["claimed_value"], claim["prev_close"]
    if value is None or previous is None:
        return None
    if claim["kind"] == "price_move" and claim["timing"] != "period":
        return previous * (1 + value)
    if claim["kind"] == "points_change":
        return previous + value
    if claim["kind"] == "price_level":
        return value
    return None
