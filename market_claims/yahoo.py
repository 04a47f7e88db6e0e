"""Talking to Yahoo Finance through yfinance: the session, and reading what went wrong.

`MARKET_CLAIMS_YAHOO_BASE_URL` sends every request for Yahoo's hosts to another address — a
mirror, a recording proxy, or the tests' local server — through a plain requests Session, so
yfinance's own request and parsing code runs unchanged. Unset, yfinance uses its own session.
"""

from __future__ import annotations

import ast
import logging
import re
from urllib.parse import urlsplit, urlunsplit

from pathlib import Path

import requests
from requests.adapters import HTTPAdapter


class MirrorAdapter(HTTPAdapter):
    """Rewrites requests for *.yahoo.com to `base_url`, keeping path and query; the original host
    travels in X-Forwarded-Host."""

    def __init__(self, base_url: str, **kwargs):
        super().__init__(**kwargs)
        self.base = urlsplit(base_url.rstrip("/"))

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        host = parts.hostname or ""
        if host == "yahoo.com" or host.endswith(".yahoo.com"):
            request.headers["X-Forwarded-Host"] = host
            request.url = urlunsplit((self.base.scheme, self.base.netloc, parts.path, parts.query, ""))
        return super().send(request, **kwargs)


def yahoo_session(base_url: str | None) -> requests.Session | None:
    """A Session for yfinance that reaches Yahoo's hosts at `base_url`; None means yfinance's default."""
    if not base_url:
        return None
    session = requests.Session()
    adapter = MirrorAdapter(base_url)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def use_cache_dir(path: Path) -> None:
    """Keep yfinance's on-disk caches (timezones, cookie, ISINs) in `path`, from now on in this process.

    `yf.set_tz_cache_location` moves only yfinance's database managers: a cache already used keeps the
    database it opened first, so a process that moved on (a code server serving another warehouse, a
    test) went on reading the old file — and every fetch failed once that file was gone. Dropping the
    cache objects makes the next lookup open the database at the new place.
    """
    import yfinance as yf
    from yfinance import cache

    path.mkdir(parents=True, exist_ok=True)
    yf.set_tz_cache_location(str(path))
    cache._TzCacheManager._tz_cache = None
    cache._CookieCacheManager._Cookie_cache = None
    cache._ISINCacheManager._isin_cache = None


# yf.download logs failures as "['NVDA', 'AVGO']: <error>" and returns empty columns for them.
_FAILURE_LINE = re.compile(r"^(?P<tickers>\[.*?\]):\s*(?P<error>.*)$", re.DOTALL)
# Yahoo's own answers for a symbol it does not have: a 404 from its quote endpoints, or the chart
# API's "symbol may be delisted". yfinance's "possibly delisted; no price data found" and "no
# timezone found" are NOT: an outage, a timeout or an empty answer produce them too, and a wrong
# "no such ticker" would never be asked again. They count as failures, retried on the next run.
_UNKNOWN_TICKER = re.compile(r"symbol may be delisted|quote not found|"
                             r"404 Client Error.*/(?:quoteSummary|v7/finance/quote)", re.IGNORECASE | re.DOTALL)
_RATE_LIMIT = re.compile(r"rate ?limit|too many requests|\b429\b", re.IGNORECASE)
# A URL inside an error says nothing about rate limits, and its digits can look like one ("127.0.0.1:42993").
_URL = re.compile(r"https?://\S+")
_NETWORK = re.compile(r"ConnectionError|NameResolutionError|Failed to resolve|Connection refused|"
                      r"Max retries exceeded|timed out|Network is unreachable", re.IGNORECASE)


# yfinance's own line when a request for a ticker's timezone failed: the real cause, which its summary line
# then reports as "possibly delisted; no timezone found" once it has stopped asking (after two tickers).
_REQUEST_FAILED = re.compile(r"^Failed to get ticker '(?P<ticker>[^']+)' reason: (?P<error>.*)$", re.DOTALL)
_VAGUE = re.compile(r"possibly delisted|no timezone found", re.IGNORECASE)


class DownloadErrors(logging.Handler):
    """Collects the per-ticker errors yf.download logs instead of raising."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self._summary: dict[str, str] = {}
        self._request_failed: dict[str, str] = {}
        self._network: str | None = None  # a connection or DNS failure seen for any ticker in this download

    @property
    def by_ticker(self) -> dict[str, str]:
        """Each ticker's error; a vague "possibly delisted" is replaced by the request failure behind it (its own,
        or — when yfinance stopped asking — the network failure every other ticker met)."""
        errors = {}
        for ticker, error in self._summary.items():
            if _VAGUE.search(error) and (cause := self._request_failed.get(ticker) or self._network):
                error = f"{cause} (yfinance reports it as: {error})"
            errors[ticker] = error
        return errors

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if failed := _REQUEST_FAILED.match(message):
            self._request_failed[failed.group("ticker")] = failed.group("error").strip()
            if _NETWORK.search(failed.group("error")):
                self._network = failed.group("error").strip()
            return
        match = _FAILURE_LINE.match(message)
        if not match:
            return
        try:
            tickers = ast.literal_eval(match.group("tickers"))
        except (ValueError, SyntaxError):
            return
        for ticker in tickers:
            self._summary[str(ticker)] = match.group("error").strip()
            if _NETWORK.search(match.group("error")):
                self._network = self._network or match.group("error").strip()


def classify(error: str | None) -> str:
    """rate_limited and failed are worth another try; unknown_ticker is a definite answer."""
    if error is None:
        return "failed"  # an empty answer with no reason: treat as a failure, never as "no move"
    if _RATE_LIMIT.search(_URL.sub("", error)):
        return "rate_limited"
    if _UNKNOWN_TICKER.search(error):
        return "unknown_ticker"
    return "failed"
