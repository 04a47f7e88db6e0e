"""Trading calendars from exchange_calendars: which days were sessions, and which came before.

No holiday list is written here: the library keeps them. A ticker's calendar comes from
the reference table (`entities.calendar`: XNYS, XPAR, XETR, XLON, XTKS, 24/5 for FX…).
"""

from __future__ import annotations

import datetime as dt
import json
from bisect import bisect_left, bisect_right
from functools import lru_cache
from importlib.metadata import version

import polars as pl

from market_claims.user_cache import UserCache

# Far enough back for the price history a claim can need (undated articles search three years).
CALENDAR_START = "2015-01-01"


@lru_cache(maxsize=None)
def calendar(name: str):
    import exchange_calendars as xc

    try:
        return xc.get_calendar(name, start=CALENDAR_START)
    except xc.errors.InvalidCalendarName as exc:
        raise ValueError(f"unknown trading calendar {name!r}") from exc


@lru_cache(maxsize=None)
def session_days(name: str) -> tuple[dt.date, ...]:
    """Every session of the calendar from CALENDAR_START to exchange_calendars' horizon (a year ahead), sorted.

    Building a calendar costs ~0.3 s each (plus ~0.4 s to import the library), in every process that
    needs one: the list is kept on disk, one file per calendar, library version and month (the
    horizon moves), so a refresh reads a few kilobytes instead.
    """
    cache = UserCache("calendars")
    entry = f"{name.replace('/', '_')}-{version('exchange_calendars')}-{CALENDAR_START}-{dt.date.today():%Y-%m}.json"
    try:
        return tuple(dt.date.fromisoformat(d) for d in json.loads(cache.get(entry) or ""))
    except ValueError:
        pass
    days = tuple(ts.date() for ts in calendar(name).sessions)
    cache.put(entry, json.dumps([d.isoformat() for d in days]))  # a read-only home: built again next time
    return days


def _clip(days: tuple[dt.date, ...], day: dt.date) -> dt.date:
    return min(max(day, days[0]), days[-1])


def is_session(name: str, day: dt.date) -> bool:
    days = session_days(name)
    index = bisect_left(days, day)
    return index < len(days) and days[index] == day


def session_on_or_before(name: str, day: dt.date) -> dt.date:
    """The session a claim about `day` speaks of: that day, or the last session before a weekend or holiday."""
    days = session_days(name)
    return days[bisect_right(days, _clip(days, day)) - 1]


@lru_cache(maxsize=4096)
def session_close_utc(name: str, day: dt.date) -> dt.datetime | None:
    """When the session of `day` closed (UTC), early closes included (London on 31 December at 12:30);
    None when `day` was no session or the calendar has no close (a currency trades round the clock)."""
    try:
        if not is_session(name, day):
            return None
        return calendar(name).session_close(day.isoformat()).to_pydatetime()
    except ValueError:
        return None


def previous_session(name: str, session: dt.date) -> dt.date:
    days = session_days(name)
    return days[max(bisect_left(days, session_on_or_before(name, session)) - 1, 0)]


def sessions_between(name: str, start: dt.date, end: dt.date) -> list[dt.date]:
    days = session_days(name)
    start, end = _clip(days, start), _clip(days, end)
    return list(days[bisect_left(days, start):bisect_right(days, end)])


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
