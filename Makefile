# ccl_youth: `make run` serves the app with demo data; `make test` runs the test suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app ccl_youth
STAMP := $(VENV)/.installed
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/ccl_youth_test

.PHONY: run test test-pg test-browser bench lint typecheck check-migrations clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

instance/config.py:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > $@
	@echo "wrote a new SECRET_KEY to $@"

run: $(STAMP) instance/config.py
	$(FLASK) db upgrade
	$(FLASK) content sync
	$(FLASK) seed-demo --if-empty
	@echo "Serving on http://127.0.0.1:5000 (Ctrl+C stops)"
	CCL_SESSION_COOKIE_SECURE=false CCL_CREDENTIAL_BASE_URL=http://127.0.0.1:5000 \
		$(FLASK) run --host 127.0.0.1 --port 5000

test: $(STAMP)
	$(BIN)/pytest -m "not browser" -q

test-pg: $(STAMP)
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -m "not browser" -q

test-browser: $(STAMP)
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	$(BIN)/pytest -m browser -q

bench: $(STAMP)
	$(BIN)/python benchmarks/pages.py
	$(BIN)/python benchmarks/search.py
	$(BIN)/python benchmarks/matching.py
	$(BIN)/python benchmarks/experiences.py
	$(BIN)/python benchmarks/credentials.py
	$(BIN)/python benchmarks/rules.py
	$(BIN)/python benchmarks/plans.py

lint: $(STAMP)
	$(BIN)/ruff check ccl_youth tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) test-output
