"""A local stand-in for Yahoo Finance on 127.0.0.1, serving chart-API JSON built from the price snapshot.

yfinance's real request and parsing code talks to it through market_claims.yahoo.yahoo_session
(MirrorAdapter), so the live path is tested without the internet. Faults are injected per ticker:
a number of 429 answers, timeouts, empty results, or 500s before the real answer.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from market_claims.calendars import calendar

# Yahoo's daily bars are stamped at the session's opening time, in UTC.
OPEN_TIMES = {"XNYS": (9, 30), "XPAR": (9, 0), "XETR": (9, 0), "XLON": (8, 0), "XTKS": (9, 0)}


class FakeYahoo:
    def __init__(self, prices_dir: Path, shares: dict[str, list[tuple[dt.date, float]]] | None = None):
        self.prices_dir = prices_dir
        with (prices_dir / "manifest.csv").open(encoding="utf-8", newline="") as fh:
            self.manifest = {row["ticker"]: row for row in csv.DictReader(fh)}
        self.shares = shares or {}
        self.hits: Counter[str] = Counter()  # by kind: chart (history: with dates), crumb, cookie, timeseries
        self.chart_tickers: Counter[str] = Counter()
        self.faults: dict[str, list[str]] = {}  # ticker -> faults to play, one per chart request
        self.timeout_seconds = 3.0
        self.other_paths: list[str] = []
        self.down = False  # an outage: every request answers 503
        self._server: ThreadingHTTPServer | None = None

    # --- life cycle ---
    def __enter__(self) -> FakeYahoo:
        handler = self._handler()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def inject(self, ticker: str, *faults: str) -> None:
        """Play these faults ("429", "timeout", "empty", "500") on the next chart requests for `ticker`."""
        self.faults.setdefault(ticker, []).extend(faults)

    # --- answers ---
    def chart(self, ticker: str, params: dict[str, str]) -> tuple[int, dict]:
        info = self.manifest.get(ticker)
        path = self.prices_dir / f"{ticker}.csv"
        if info is None or not path.exists():
            return 404, {"chart": {"result": None, "error": {
                "code": "Not Found", "description": "No data found, symbol may be delisted"}}}
        tz = calendar(info["calendar"]).tz if info["calendar"] != "24/5" else ZoneInfo("Europe/London")
        hour, minute = OPEN_TIMES.get(info["calendar"], (0, 0))
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        stamps = [int(dt.datetime.combine(dt.date.fromisoformat(r["Date"]), dt.time(hour, minute), tz).timestamp())
                  for r in rows]
        if "period1" in params:  # bars whose opening time falls in [period1, period2)
            keep = [int(params["period1"]) <= s < int(params["period2"]) for s in stamps]
            rows = [r for r, k in zip(rows, keep) if k]
            stamps = [s for s, k in zip(stamps, keep) if k]
        else:  # range=1d: the timezone lookup
            rows, stamps = rows[-1:], stamps[-1:]

        def column(name):
            return [float(r[name]) if r.get(name) not in (None, "") else None for r in rows]

        quote = {"open": column("Open"), "high": column("High"), "low": column("Low"), "close": column("Close"),
                 "volume": [int(float(r["Volume"])) if r.get("Volume") else None for r in rows]}
        adj = column("Adj Close") if rows and "Adj Close" in rows[0] else quote["close"]
        meta = {
            "currency": info["currency"], "symbol": ticker, "exchangeName": info["calendar"],
            "instrumentType": "EQUITY" if info["kind"] == "equity" else info["kind"].upper(),
            "firstTradeDate": stamps[0] if stamps else None, "regularMarketTime": stamps[-1] if stamps else None,
            "gmtoffset": 0, "timezone": "UTC", "exchangeTimezoneName": str(tz), "priceHint": 2,
            "dataGranularity": "1d", "range": "", "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "1y", "max"],
        }
        result = {"meta": meta, "timestamp": stamps, "indicators": {"quote": [quote], "adjclose": [{"adjclose": adj}]}}
        return 200, {"chart": {"result": [result], "error": None}}

    def timeseries(self, ticker: str) -> tuple[int, dict]:
        points = self.shares.get(ticker, [])
        stamps = [int(dt.datetime.combine(day, dt.time(0), dt.timezone.utc).timestamp()) for day, _ in points]
        result = [{"meta": {"symbol": [ticker], "type": ["shares_out"]}, "timestamp": stamps,
                   "shares_out": [count for _, count in points]}]
        return 200, {"timeseries": {"result": result, "error": None}}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body: bytes, content_type: str = "application/json", headers=()):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in headers:
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                host = self.headers.get("X-Forwarded-Host", "")
                url = urlsplit(self.path)
                if fake.down:
                    fake.hits["refused"] += 1
                    return self._send(503, b"Service Unavailable", "text/plain")
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                if host == "fc.yahoo.com":
                    fake.hits["cookie"] += 1
                    return self._send(404, b"", "text/html", [("Set-Cookie", "A3=d=fake; Path=/")])
                if url.path.endswith("/getcrumb"):
                    fake.hits["crumb"] += 1
                    return self._send(200, b"fakecrumb", "text/plain")
                if "/v8/finance/chart/" in url.path:
                    ticker = url.path.rsplit("/", 1)[1]
                    fake.hits["chart"] += 1
                    if "period1" in params:  # a price history request (not the timezone lookup)
                        fake.hits["history"] += 1
                        fake.chart_tickers[ticker] += 1
                    queue = fake.faults.get(ticker)
                    fault = queue.pop(0) if queue else None
                    if fault == "429":
                        return self._send(429, b"Too Many Requests", "text/plain")
                    if fault == "500":
                        return self._send(500, b"Will be right back", "text/html")
                    if fault == "timeout":
                        time.sleep(fake.timeout_seconds)
                        return self._send(504, b"", "text/plain")
                    if fault == "empty":
                        body = {"chart": {"result": [], "error": None}}
                        return self._send(200, json.dumps(body).encode())
                    status, body = fake.chart(ticker, params)
                    return self._send(status, json.dumps(body).encode())
                if "/quoteSummary/" in url.path or url.path.endswith("/v7/finance/quote"):
                    # yfinance's other ways to a ticker's timezone: an outage hits them too.
                    ticker = url.path.rsplit("/", 1)[1] if "/quoteSummary/" in url.path else params.get("symbols", "")
                    fake.hits["quote"] += 1
                    queue = fake.faults.get(ticker)
                    if queue and queue[0] in {"500", "429", "timeout"}:
                        fault = queue.pop(0)
                        if fault == "timeout":
                            time.sleep(fake.timeout_seconds)
                        return self._send(int(fault) if fault != "timeout" else 504, b"error", "text/plain")
                    if url.path.endswith("/v7/finance/quote"):
                        known = ticker in fake.manifest
                        result = [{"symbol": ticker, "exchangeTimezoneName": "America/New_York"}] if known else []
                        return self._send(200, json.dumps({"quoteResponse": {"result": result, "error": None}}).encode())
                    if ticker not in fake.manifest:
                        body = {"quoteSummary": {"result": None, "error": {
                            "code": "Not Found", "description": f"Quote not found for symbol: {ticker}"}}}
                        return self._send(404, json.dumps(body).encode())
                    tz = calendar(fake.manifest[ticker]["calendar"]).tz if fake.manifest[ticker]["calendar"] != "24/5" else ZoneInfo("Europe/London")
                    body = {"quoteSummary": {"result": [{"quoteType": {"symbol": ticker, "exchangeTimezoneName": str(tz)}}],
                                             "error": None}}
                    return self._send(200, json.dumps(body).encode())
                if "/fundamentals-timeseries/" in url.path:
                    fake.hits["timeseries"] += 1
                    status, body = fake.timeseries(url.path.rsplit("/", 1)[1])
                    return self._send(status, json.dumps(body).encode())
                fake.hits["other"] += 1
                fake.other_paths.append(f"{host}{url.path}")
                return self._send(404, b"{}")

        return Handler
