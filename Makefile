# market-claims: `make run` then `make test`. Everything installs into .venv from requirements.txt.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

export DAGSTER_HOME := $(CURDIR)/.dagster
export GX_ANALYTICS_ENABLED := false

.PHONY: install run test reliability ui sql docs reference bench bench-smoke clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(STAMP)

## Materialise every asset offline from the seeds and print the verdicts.
run: $(STAMP)
	$(BIN)/market-claims run

## The test suite (what CI runs).
test: $(STAMP)
	$(BIN)/python -m pytest

## The reliability suite at length: 5,000 fuzz cases per property and the slow runs (~10 min).
reliability: $(STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/reliability -m "slow or not slow" -p no:cacheprovider

## The Dagster UI on http://127.0.0.1:3000
ui: $(STAMP)
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

## make sql Q="select kind, count(*) from claims group by 1"
sql: $(STAMP)
	$(BIN)/market-claims sql "$(Q)"

## The benchmarks (~14 min here, 13 min 46 s from a fresh clone): writes bench/results.md, which the README quotes. Installs spaCy for the baseline.
bench: $(STAMP) $(VENV)/.bench-stamp
	$(BIN)/python bench/run.py

## The harness on tiny sizes, one run each (seconds; the test suite runs it too).
bench-smoke: $(STAMP)
	$(BIN)/python bench/run.py --smoke --out bench/results-smoke.md

$(VENV)/.bench-stamp: requirements-bench.txt
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	touch $@

## Regenerate seeds/listings.csv (the index constituents) from the installed pytickersymbols
reference: $(STAMP)
	$(BIN)/python -m market_claims.listings

## Regenerate the README's table reference from market_claims/schemas.py
docs: $(STAMP)
	$(BIN)/python -m market_claims.schemas README.md

clean:
	rm -rf warehouse/build warehouse/published warehouse/*.duckdb warehouse/.*.tmp-* .dagster/storage .dagster/history .dagster/schedules .dagster/logs
