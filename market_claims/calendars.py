"""Trading calendars from exchange_calendars: which days were sessions, and which came before.

No holiday list is written here: the library keeps them. A ticker's calendar comes from
the reference table (`entities.calendar`: XNYS, XPAR, XETR, XLON, XTKS, 24/5 for FX…).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import polars as pl

# Far enough back for the price history a claim can need (undated articles search three years).
CALENDAR_START = "2015-01-01"


@lru_cache(maxsize=None)
def calendar(name: str):
    import exchange_calendars as xc

    try:
        return xc.get_calendar(name, start=CALENDAR_START)
    except xc.errors.InvalidCalendarName as exc:
        raise ValueError(f"unknown trading calendar {name!r}") from exc


def _clip(cal, day: dt.date) -> dt.date:
    first, last = cal.first_session.date(), cal.last_session.date()
    return min(max(day, first), last)


def is_session(name: str, day: dt.date) -> bool:
    cal = calendar(name)
    return bool(cal.is_session(_clip(cal, day))) and _clip(cal, day) == day


def session_on_or_before(name: str, day: dt.date) -> dt.date:
    """The session a claim about `day` speaks of: that day, or the last session before a weekend or holiday."""
    cal = calendar(name)
    return cal.date_to_session(_clip(cal, day), direction="previous").date()


def previous_session(name: str, session: dt.date) -> dt.date:
    cal = calendar(name)
    return cal.previous_session(session_on_or_before(name, session)).date()


def sessions_between(name: str, start: dt.date, end: dt.date) -> list[dt.date]:
    cal = calendar(name)
    start, end = _clip(cal, start), _clip(cal, end)
    if end < start:
        return []
    return [ts.date() for ts in cal.sessions_in_range(start, end)]


def session_table(windows: list[tuple[str, str, dt.date, dt.date]]) -> pl.DataFrame:
    """Every session of each (ticker, calendar, start, end) window, with the session before it.

    The verification models join on this table instead of guessing from gaps between bars.
    """
    rows = []
    for ticker, name, start, end in windows:
        days = sessions_between(name, start - dt.timedelta(days=10), end)
        rows += [{"ticker": ticker, "calendar": name, "session": day, "prev_session": before}
                 for before, day in zip(days, days[1:]) if day >= start]
    schema = {"ticker": pl.Utf8, "calendar": pl.Utf8, "session": pl.Date, "prev_session": pl.Date}
    return pl.DataFrame(rows, schema=schema, orient="row").unique(["ticker", "session"]).sort("ticker", "session")


def missing_sessions(bars: pl.DataFrame, windows: list[tuple[str, str, dt.date, dt.date]]) -> pl.DataFrame:
    """Sessions inside covered windows with no bar: (ticker, calendar, session)."""
    expected = session_table(windows).select("ticker", "calendar", "session")
    present = bars.select("ticker", pl.col("date").alias("session")).unique()
    return expected.join(present, on=["ticker", "session"], how="anti").sort("ticker", "session")


def calendar_of(ticker: str, calendars: dict[str, str]) -> str:
    """A ticker's calendar from the reference table; FX pairs trade 24 hours, five days a week."""
    return calendars.get(ticker) or ("24/5" if ticker.endswith("=X") else "XNYS")


def sessions_for(windows, calendars: dict[str, str]) -> pl.DataFrame:
    """`session_table` for PriceWindows, each on its ticker's calendar."""
    return session_table([(w.ticker, calendar_of(w.ticker, calendars), w.start, w.end) for w in windows])
