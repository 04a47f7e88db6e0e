"""Trading calendars from exchange_calendars: sessions, holidays, and the gaps check."""

import datetime as dt

import polars as pl

from market_claims.calendars import is_session, missing_sessions, previous_session, session_on_or_before, session_table


def test_holidays_and_weekends_per_exchange():
    assert not is_session("XNYS", dt.date(2025, 1, 9))  # US markets closed: national day of mourning
    assert is_session("XPAR", dt.date(2025, 1, 9))
    assert previous_session("XNYS", dt.date(2025, 1, 10)) == dt.date(2025, 1, 8)
    assert not is_session("XPAR", dt.date(2025, 4, 18))  # Good Friday
    assert session_on_or_before("XPAR", dt.date(2025, 4, 21)) == dt.date(2025, 4, 17)  # Easter Monday too
    assert session_on_or_before("XNYS", dt.date(2025, 2, 1)) == dt.date(2025, 1, 31)  # a Saturday
    assert previous_session("XTKS", dt.date(2025, 1, 6)) == dt.date(2024, 12, 30)  # Japanese new-year break
    assert session_on_or_before("XETR", dt.date(2025, 1, 27)) == dt.date(2025, 1, 27)


def test_session_table_pairs_each_session_with_the_one_before():
    table = session_table([("NVDA", "XNYS", dt.date(2025, 1, 8), dt.date(2025, 1, 13))])
    assert table.select("session", "prev_session").rows() == [
        (dt.date(2025, 1, 8), dt.date(2025, 1, 7)), (dt.date(2025, 1, 10), dt.date(2025, 1, 8)),
        (dt.date(2025, 1, 13), dt.date(2025, 1, 10))]


def test_missing_sessions_are_found_from_the_calendar():
    bars = pl.DataFrame({"ticker": ["NVDA"] * 3, "date": [dt.date(2025, 1, 27), dt.date(2025, 1, 28), dt.date(2025, 1, 30)]})
    gaps = missing_sessions(bars, [("NVDA", "XNYS", dt.date(2025, 1, 27), dt.date(2025, 1, 30))])
    assert gaps.rows() == [("NVDA", "XNYS", dt.date(2025, 1, 29))]
