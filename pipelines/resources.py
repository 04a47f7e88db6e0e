"""Resources: where the pipeline reads and writes, configured from MARKET_CLAIMS_* variables."""

from __future__ import annotations

import os

from dagster import ConfigurableResource, EnvVar

from market_claims.settings import ENV_DEFAULTS, Settings, resolve_path


class MarketClaimsConfig(ConfigurableResource):
    """Folders and the price source. Relative paths are taken from the project root."""

    articles_dir: str = ENV_DEFAULTS["MARKET_CLAIMS_ARTICLES_DIR"]
    prices_dir: str = ENV_DEFAULTS["MARKET_CLAIMS_PRICES_DIR"]
    price_source: str = ENV_DEFAULTS["MARKET_CLAIMS_PRICE_SOURCE"]
    warehouse_dir: str = ENV_DEFAULTS["MARKET_CLAIMS_WAREHOUSE_DIR"]
    yahoo_base_url: str = ENV_DEFAULTS["MARKET_CLAIMS_YAHOO_BASE_URL"]
    price_attempts: str = ENV_DEFAULTS["MARKET_CLAIMS_PRICE_ATTEMPTS"]
    price_backoff_seconds: str = ENV_DEFAULTS["MARKET_CLAIMS_PRICE_BACKOFF_SECONDS"]
    extract_workers: str = ENV_DEFAULTS["MARKET_CLAIMS_EXTRACT_WORKERS"]

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> MarketClaimsConfig:
        """Each field from its variable (as an EnvVar, so the UI shows where it came from) or its default."""
        fields = {}
        for variable, default in ENV_DEFAULTS.items():
            field = variable.removeprefix("MARKET_CLAIMS_").lower()
            if env is not None:
                fields[field] = env.get(variable) or default
            else:
                fields[field] = EnvVar(variable) if os.environ.get(variable) else default
        return cls(**fields)

    def settings(self) -> Settings:
        return Settings(
            articles_dir=resolve_path(self.articles_dir),
            prices_dir=resolve_path(self.prices_dir),
            price_source=self.price_source,
            warehouse_dir=resolve_path(self.warehouse_dir),
            yahoo_base_url=self.yahoo_base_url,
            price_attempts=int(self.price_attempts),
            price_backoff_seconds=float(self.price_backoff_seconds),
            extract_workers=int(self.extract_workers),
        )

    def open_price_source(self, currencies: dict[str, str]):
        """The configured source; the live one keeps yfinance's caches under the warehouse."""
        from market_claims.prices import price_source
        from market_claims.yahoo import use_cache_dir, yahoo_session

        settings = self.settings()
        if settings.price_source == "yfinance":
            use_cache_dir(settings.yfinance_cache_dir)
        options = {"attempts": settings.price_attempts, "backoff_seconds": settings.price_backoff_seconds}
        return price_source(settings.price_source, settings.prices_dir, currencies,
                            session=yahoo_session(settings.yahoo_base_url),
                            **(options if settings.price_source == "yfinance" else {}))
