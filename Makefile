# Two commands matter: `make run` and `make test`. Everything else is a building block.
PYTHON := $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/buurtwerk
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test venv lint typecheck audit-dependencies test-sqlite test-postgres bench bench-large eval demo clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 of nieuwer is nodig."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: venv
	@mkdir -p var
	$(BIN)/buurtwerk migrate --noinput
	$(BIN)/buurtwerk demo
	$(BIN)/buurtwerk serve

lint: venv
	$(BIN)/ruff check src tests bench conftest.py scripts
	$(BIN)/ruff format --check src tests bench conftest.py scripts

typecheck: venv
	$(BIN)/mypy src/buurtwerk

# Known vulnerabilities fail the build; an unreachable advisory database is reported, not hidden.
audit-dependencies: venv
	$(BIN)/python scripts/audit_dependencies.py

test-sqlite: venv
	env -u DATABASE_URL $(BIN)/pytest

test-postgres: venv
	scripts/test-postgres "$(POSTGRES_URL)"

test: venv lint typecheck audit-dependencies
	scripts/ensure-chromium
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

bench: venv
	$(BIN)/python bench/run_all.py

# The matching engine against the reference solve in a city of a million residents.
bench-large: venv
	PYTHONPATH=src $(BIN)/python bench/bench_matching.py --residents 1000000 --offers 100000 --needs 50000 --samples 100

# The vraagbaak against plain BM25 and PostgreSQL full-text search: held-out maps first, then dev.
eval: venv
	$(BIN)/python bench/eval_socialmap.py --postgres "$(POSTGRES_URL)"

demo: venv
	$(BIN)/buurtwerk migrate --noinput
	$(BIN)/buurtwerk demo

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
