# Two commands on a fresh machine: `make serve` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
LINTED := sitegen tests $(wildcard benchmarks)

.PHONY: serve build test check lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "sitegen needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,s3]'
	@touch $(STAMP)

serve: $(STAMP)  ## build the example site and preview it on http://127.0.0.1:8000 with live reload
	$(PY) -m sitegen serve

build: $(STAMP)  ## build the example site into public/
	$(PY) -m sitegen build

check: $(STAMP)  ## validate content and config without writing
	$(PY) -m sitegen check

test: $(STAMP)  ## lint, type-check and run the test suite
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

bench: $(STAMP)  ## the benchmark (see README); BENCH_ARGS="--articles 10000"
	$(PY) -m sitegen.bench $(BENCH_ARGS)

clean:
	rm -rf public .sitegen
