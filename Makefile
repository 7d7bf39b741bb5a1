# Two commands matter: `make run` and `make test`. Everything else is a building block.
PYTHON := $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/buurtwerk
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test venv lint typecheck audit-dependencies test-sqlite test-postgres bench bench-large eval \
	demo schema lock messages clean

# Exact versions with hashes from the lock (scripts/lock writes it from pyproject.toml's ranges),
# then the project itself without resolving anything again.
$(STAMP): pyproject.toml requirements/dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 of nieuwer is nodig."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
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
	$(BIN)/pip install --quiet --require-hashes -r requirements/bench.txt
	$(BIN)/python bench/run_all.py

# The matching engine against the reference solve in a city of a million residents.
bench-large: venv
	PYTHONPATH=src $(BIN)/python bench/bench_matching.py --residents 1000000 --offers 100000 --needs 50000 --samples 100

# The English message catalogue: new and changed Dutch texts appear in
# src/buurtwerk/locale/en/LC_MESSAGES/django.po with an empty translation; fill them in and run
# this again to compile django.mo (a test fails while a text has no English translation).
messages: venv
	cd src/buurtwerk && ../../$(BIN)/buurtwerk makemessages --locale en --no-obsolete \
		--ignore 'tests/*' --ignore '*/tests/*' --add-location file
	cd src/buurtwerk && ../../$(BIN)/buurtwerk compilemessages --locale en

# Write requirements/*.txt again after changing the ranges in pyproject.toml.
lock: venv
	scripts/lock

# The vraagbaak against plain BM25 and PostgreSQL full-text search, on a fresh database:
# held-out maps first, then the dev set, which lives beside the repository (../shared/eval or
# BUURTWERK_EVAL_DIR); a set whose files are missing is skipped with a message.
eval: venv
	$(BIN)/python bench/eval_socialmap.py --postgres "$(POSTGRES_URL)"

# The OpenAPI schema checked into docs/; a test fails when it differs from what the code serves.
schema: venv
	$(BIN)/buurtwerk spectacular --validate --file docs/openapi.yaml

demo: venv
	$(BIN)/buurtwerk migrate --noinput
	$(BIN)/buurtwerk demo

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
