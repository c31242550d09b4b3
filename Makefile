# ccl_youth: `make run` serves the app with demo data; `make test` runs the test suite.
# `make translations` re-extracts the English strings and merges them into every catalog;
# the compiled .mo files are committed and rebuilt here whenever a .po is newer.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app ccl_youth
STAMP := $(VENV)/.installed
CATALOGS := ccl_youth/translations
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(CATALOGS)/*/LC_MESSAGES/messages.po))
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/ccl_youth_test

.PHONY: run test test-pg test-browser bench lint typecheck check-migrations clean translations

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

instance/config.py:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > $@
	@echo "wrote a new SECRET_KEY to $@"

$(CATALOGS)/%/LC_MESSAGES/messages.mo: $(CATALOGS)/%/LC_MESSAGES/messages.po | $(STAMP)
	$(BIN)/pybabel compile --statistics -d $(CATALOGS) -l $* -f

# Re-extract every marked string (_ , _l, N_, ngettext, templates) and merge it into each
# language's catalog; translate the new entries, then `make` compiles them.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --project ccl_youth -o $(CATALOGS)/messages.pot .
	$(BIN)/pybabel update -i $(CATALOGS)/messages.pot -d $(CATALOGS) \
		--ignore-obsolete --no-fuzzy-matching
	$(MAKE) $(MO_FILES)

run: $(STAMP) instance/config.py $(MO_FILES)
	$(FLASK) db upgrade
	$(FLASK) content sync
	$(FLASK) seed-demo --if-empty
	@echo "Serving on http://127.0.0.1:5000 (Ctrl+C stops)"
	CCL_SESSION_COOKIE_SECURE=false CCL_CREDENTIAL_BASE_URL=http://127.0.0.1:5000 \
		$(FLASK) run --host 127.0.0.1 --port 5000

test: $(STAMP) $(MO_FILES)
	$(BIN)/pytest -m "not browser" -q

test-pg: $(STAMP) $(MO_FILES)
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -m "not browser" -q

test-browser: $(STAMP) $(MO_FILES)
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
