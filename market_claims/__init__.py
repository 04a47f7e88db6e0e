"""market-claims domain logic: plain Python, callable without Dagster."""

__version__ = "0.1.0"
