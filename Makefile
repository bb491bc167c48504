# Two commands on a fresh machine: `make serve` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
SERVE_STAMP := $(VENV)/.serve-stamp
LINTED := sitegen tests benchmarks

.PHONY: serve build test check lint bench docs clean i18n

# Two stamps: `make serve` installs sitegen alone (what a preview needs); `make test` adds the
# dev tools and the S3 extra. A full install also satisfies the serve stamp, never the reverse.
$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "sitegen needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(SERVE_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $(SERVE_STAMP)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev,s3]'
	@touch $(STAMP) $(SERVE_STAMP)

serve: $(SERVE_STAMP)  ## build the example site and preview it on http://127.0.0.1:8000 with live reload
	$(PY) -m sitegen serve

build: $(SERVE_STAMP)  ## build the example site into public/
	$(PY) -m sitegen build

check: $(SERVE_STAMP)  ## validate content and config without writing
	$(PY) -m sitegen check

test: $(STAMP)  ## lint, type-check and run the test suite
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

# The interface strings: the template (.pot) from the theme and the Python code, then each
# language's catalogue updated from it (new strings empty, removed ones dropped). Translate in
# the .po files; sitegen compiles them when it builds (no .mo is kept). See docs/languages.md.
LOCALE := sitegen/i18n/locale
i18n: $(SERVE_STAMP)  ## extract the interface strings and update sitegen's catalogues (ckb, ar)
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --sort-output --omit-header \
	  --project=sitegen -o $(LOCALE)/sitegen.pot .
	$(VENV)/bin/pybabel update -D sitegen -i $(LOCALE)/sitegen.pot -d $(LOCALE) \
	  --width=100 --ignore-obsolete --no-fuzzy-matching

bench: $(STAMP)  ## the benchmark (docs/performance.md); BENCH_ARGS="--articles 10000"
	$(PY) -m benchmarks $(BENCH_ARGS)

docs: $(SERVE_STAMP)  ## regenerate docs/configuration.md from the config models' docstrings
	$(PY) -m sitegen.config.doc docs/configuration.md

clean:
	rm -rf public .sitegen
