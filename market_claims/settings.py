"""Where the pipeline reads and writes, from environment variables with offline defaults.

Plain Python so the CLI, the tests and the Dagster resources agree on one reading.
Relative paths are taken from the project root, not from wherever a command runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PRICE_SOURCES = ("snapshot", "yfinance")

ENV_DEFAULTS = {
    "MARKET_CLAIMS_ARTICLES_DIR": "seeds/articles",
    "MARKET_CLAIMS_PRICES_DIR": "seeds/prices",
    "MARKET_CLAIMS_PRICE_SOURCE": "snapshot",
    "MARKET_CLAIMS_WAREHOUSE_DIR": "warehouse",
    # Send yfinance's requests for Yahoo's hosts to this address instead (a mirror or a test server).
    "MARKET_CLAIMS_YAHOO_BASE_URL": "",
    # Live source: attempts per run for a failing ticker, and the first wait between them (doubled each time).
    "MARKET_CLAIMS_PRICE_ATTEMPTS": "4",
    "MARKET_CLAIMS_PRICE_BACKOFF_SECONDS": "1.0",
    # Processes that extract claims when many articles are new (0: one per core).
    "MARKET_CLAIMS_EXTRACT_WORKERS": "0",
}


class ConfigurationError(ValueError):
    """A setting with a value the product cannot use; the message names the variable and what it expects."""


def _number(values: dict[str, str], variable: str, kind, expected: str, minimum: float):
    try:
        number = kind(values[variable])
    except ValueError:
        raise ConfigurationError(f"{variable}={values[variable]!r}: expected {expected}") from None
    if number < minimum or number != number:  # NaN
        raise ConfigurationError(f"{variable}={values[variable]!r}: expected {expected}")
    return number


def user_cache_dir() -> Path:
    """Where `UserCache` keeps results that depend only on their inputs: per user,
    shared by every warehouse (a scratch warehouse of `market-claims check` reuses what the main one computed)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "market-claims"


def resolve_path(value: str | Path) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


@dataclass(frozen=True)
class Settings:
    articles_dir: Path
    prices_dir: Path
    price_source: str
    warehouse_dir: Path
    yahoo_base_url: str = ""
    price_attempts: int = 4
    price_backoff_seconds: float = 1.0
    extract_workers: int = 0
    reference_dir: Path = PROJECT_ROOT / "seeds"

    def __post_init__(self) -> None:
        if self.price_source not in PRICE_SOURCES:
            raise ConfigurationError(
                f"MARKET_CLAIMS_PRICE_SOURCE={self.price_source!r}: expected one of {', '.join(PRICE_SOURCES)}"
            )

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        value = {key: env.get(key) or default for key, default in ENV_DEFAULTS.items()}
        return cls(
            articles_dir=resolve_path(value["MARKET_CLAIMS_ARTICLES_DIR"]),
            prices_dir=resolve_path(value["MARKET_CLAIMS_PRICES_DIR"]),
            price_source=value["MARKET_CLAIMS_PRICE_SOURCE"],
            warehouse_dir=resolve_path(value["MARKET_CLAIMS_WAREHOUSE_DIR"]),
            yahoo_base_url=value["MARKET_CLAIMS_YAHOO_BASE_URL"],
            price_attempts=_number(value, "MARKET_CLAIMS_PRICE_ATTEMPTS", int, "a whole number of attempts, 1 or more", 1),
            price_backoff_seconds=_number(value, "MARKET_CLAIMS_PRICE_BACKOFF_SECONDS", float, "a number of seconds", 0),
            extract_workers=_number(value, "MARKET_CLAIMS_EXTRACT_WORKERS", int, "a whole number (0: one per core)", 0),
        )

    @property
    def build_database(self) -> Path:
        """The database runs write to; users never open it."""
        return self.warehouse_dir / "build" / "build.duckdb"

    @property
    def published_database(self) -> Path:
        """The database users query; replaced whole, atomically, after the checks pass."""
        return self.warehouse_dir / "market_claims.duckdb"

    @property
    def price_store_database(self) -> Path:
        """Every bar ever fetched, with its lineage: kept across runs so nothing is fetched twice."""
        return self.warehouse_dir / "store" / "prices.duckdb"

    @property
    def ingestion_ledger(self) -> Path:
        """Which day each article file was first ingested (ingestion.py). Beside the build database: they go together."""
        return self.warehouse_dir / "build" / "ingestion_ledger.parquet"

    @property
    def extraction_cache_database(self) -> Path:
        """Claims and figures of every article already extracted, by fingerprint (extraction_cache.py)."""
        return self.warehouse_dir / "store" / "extractions.duckdb"

    @property
    def yfinance_cache_dir(self) -> Path:
        return self.warehouse_dir / "store" / "yfinance-cache"

    @property
    def run_log_database(self) -> Path:
        """Finished runs and why they failed, written by the run-status sensors."""
        return self.warehouse_dir / "run_log.duckdb"

    @property
    def reports_dir(self) -> Path:
        """Per-run HTML reports of the published tables, `latest.html` the newest."""
        return self.warehouse_dir / "reports"

    @property
    def quality_dir(self) -> Path:
        """Per-run data-quality reports (HTML), `latest.html` the newest."""
        return self.warehouse_dir / "quality"

    @property
    def published_parquet_dir(self) -> Path:
        return self.warehouse_dir / "published"

    @property
    def entities_file(self) -> Path:
        return self.reference_dir / "entities.csv"

    @property
    def shares_file(self) -> Path:
        return self.reference_dir / "shares.csv"
