"""What the raw price files say about a labelled claim: the evaluation's ground truth.

Deliberately independent of the verdict models (warehouse/models): it reads `<ticker>.csv` itself and
applies its own, written-down rules, so a bug in the SQL cannot also hide in the yardstick.

Rules (one place):
- A figure covers what its last written digit allows: "0.42 %" is 0.415..0.425 %, "17 %" 16.5..17.5 %.
- `approx` ("about", "près de") widens that to one unit of the last digit, or 5 % of the figure if wider;
  `at_least` / `at_most` are one-sided (same sign, magnitude beyond the figure less / more than the band).
- `session`: the close of the day `d` against the previous bar's close (moves, points) or itself (levels).
- `intraday`: anywhere in the session's low..high range (moves and points measured from the previous close).
- `period`: the close of `d` against the close of the last bar before `ps` (or of the peak day for
  `since_peak <date>`).
- The files' own rounding counts too: a close is known to one unit of the last decimal the file records
  (Yahoo stores floats of 32 bits and is sometimes a cent off the exchange's figure: 19,764.88 for an official
  19,764.89; some series are whole points: 8,173 for 8,173.02). A figure is judged to the coarser of its own
  rounding and that: one unit for a level, the units of both closes for a move or a points change.
- A direction (`v` = ±1) is true when the move has that sign (intraday: when the range reached that side);
  "flat" (`v` = 0: "little changed", "stable") when the move is within 0.3 % (intraday: when the range came
  within it).
A claim is uncheckable when a bar it needs is not in the files, or its kind needs data this does not read
(market values need share counts).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path


FLAT_BAND = 0.003  # how far "flat" may move; the verdict models keep theirs in 00_verdict_rules.sql


@dataclass(frozen=True)
class Bar:
    day: dt.date
    low: float
    high: float
    close: float


@dataclass(frozen=True)
class Truth:
    status: str  # true | false | uncheckable
    actual: float | None = None
    reason: str = ""


class PriceFiles:
    """Daily bars read straight from `<ticker>.csv` files (Date, Open, High, Low, Close, ...)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @cache
    def bars(self, ticker: str) -> tuple[Bar, ...]:
        path = self.folder / f"{ticker}.csv"
        if not ticker or not path.is_file():
            return ()
        rows = []
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                try:
                    bar = Bar(dt.date.fromisoformat(row["Date"][:10]), float(row["Low"]), float(row["High"]),
                              float(row["Close"]))
                except (KeyError, ValueError):
                    continue
                if all(math.isfinite(x) and x > 0 for x in (bar.low, bar.high, bar.close)):
                    rows.append(bar)
        return tuple(sorted(rows, key=lambda b: b.day))

    def on(self, ticker: str, day: dt.date) -> Bar | None:
        return next((b for b in self.bars(ticker) if b.day == day), None)

    def before(self, ticker: str, day: dt.date) -> Bar | None:
        earlier = [b for b in self.bars(ticker) if b.day < day]
        return earlier[-1] if earlier else None  # before a file's first bar: unknown


def _decimals(number: float) -> int:
    exponent = Decimal(repr(round(number, 10))).normalize().as_tuple().exponent
    return max(0, -exponent)


def data_step(price: float) -> float:
    """One unit of the last decimal a price file records for `price`, reading through float32 noise."""
    for decimals in range(5):
        if abs(price - round(price, decimals)) <= 2e-7 * abs(price):
            return 10.0 ** -decimals
    return 1e-5


def stated_step(value: float, unit: str | None) -> float:
    """One unit of the last digit written, in the label's unit (a fraction for percentages)."""
    if unit == "fraction":
        return 10.0 ** -_decimals(abs(value) * 100) / 100
    return 10.0 ** -_decimals(abs(value))


def bears_out(claimed: float, actual: float, step: float, hedge: str, slack: float = 0.0) -> bool:
    """`slack`: how far the data itself may be off (data_step); the float print of the data is allowed for."""
    noise = 2e-7 * abs(actual) + 1e-9
    half = max(step / 2, slack) + noise
    if hedge == "approx":
        return abs(actual - claimed) <= max(step, 0.05 * abs(claimed), slack) + noise
    if hedge == "at_least":
        return math.copysign(1, actual) == math.copysign(1, claimed) and abs(actual) >= abs(claimed) - half
    if hedge == "at_most":
        return math.copysign(1, actual) == math.copysign(1, claimed) and abs(actual) <= abs(claimed) + half
    return abs(actual - claimed) <= half


def _base(label: dict, files: PriceFiles, ticker: str, day: dt.date) -> tuple[Bar | None, str]:
    timing, start = label.get("tm", "session"), label.get("ps")
    if timing != "period":
        return files.before(ticker, day), "previous bar"
    if isinstance(start, str) and start.startswith("since_peak"):
        peak = dt.date.fromisoformat(start.split()[1])
        return files.on(ticker, peak), f"peak bar {peak}"
    if isinstance(start, dt.date):
        return files.before(ticker, start), f"last bar before {start}"
    return None, "no period start"


def truth(label: dict, files: PriceFiles) -> Truth:
    kind, ticker, day, value = label["k"], label.get("t"), label.get("d"), label.get("v")
    if kind not in {"price_move", "price_level", "points_change", "direction"}:
        return Truth("uncheckable", reason=f"{kind} needs share counts")
    if not ticker or value is None or not isinstance(day, dt.date):
        return Truth("uncheckable", reason="label has no ticker, value or day")
    if not files.bars(ticker):
        return Truth("uncheckable", reason=f"no price file for {ticker}")
    bar = files.on(ticker, day)
    if bar is None:
        return Truth("uncheckable", reason=f"no {ticker} bar on {day}")
    intraday = label.get("tm") == "intraday"
    hedge = label.get("h", "none")
    if kind == "price_level":
        step = stated_step(value, label.get("u"))
        if intraday:
            ok = (bar.low - max(step / 2, data_step(bar.low)) - 1e-9 <= value
                  <= bar.high + max(step / 2, data_step(bar.high)) + 1e-9)
            return Truth("true" if ok else "false", bar.close, f"{ticker} range {bar.low}..{bar.high} on {day}")
        return Truth("true" if bears_out(value, bar.close, step, hedge, data_step(bar.close)) else "false", bar.close,
                     f"close on {day}")
    base, basis = _base(label, files, ticker, day)
    if base is None:
        return Truth("uncheckable", reason=f"no {ticker} base bar ({basis})")

    def measure(level: float) -> float:
        return level / base.close - 1 if kind in {"price_move", "direction"} else level - base.close

    def slack(level: float) -> float:  # how far measure(level) may be off through the two closes' rounding
        if kind == "points_change":
            return data_step(level) + data_step(base.close)
        return data_step(level) / level + data_step(base.close) / base.close

    actual = measure(bar.close)
    if kind == "direction" and value == 0:  # "little changed", "stable": within FLAT_BAND of the base close
        if intraday:
            reached = measure(bar.low) <= FLAT_BAND and measure(bar.high) >= -FLAT_BAND
            return Truth("true" if reached else "false", actual, f"range vs {basis}")
        return Truth("true" if abs(actual) <= FLAT_BAND else "false", actual, f"close vs {basis}")
    if kind == "direction":
        if intraday:
            reached = measure(bar.high) > 0 if value > 0 else measure(bar.low) < 0
            return Truth("true" if reached else "false", actual, f"range vs {basis}")
        return Truth("true" if actual != 0 and math.copysign(1, actual) == math.copysign(1, value) else "false",
                     actual, f"close vs {basis}")
    step = stated_step(value, label.get("u"))
    if intraday:
        low, high = measure(bar.low), measure(bar.high)
        ok = low - max(step / 2, slack(bar.low)) - 1e-9 <= value <= high + max(step / 2, slack(bar.high)) + 1e-9 or (
            hedge != "none" and bears_out(value, actual, step, hedge, slack(bar.close)))
        return Truth("true" if ok else "false", actual, f"range {low:.5g}..{high:.5g} vs {basis}")
    return Truth("true" if bears_out(value, actual, step, hedge, slack(bar.close)) else "false", actual,
                 f"close vs {basis}")
