# `make run` and `make test` set everything up on a fresh machine (Python 3.11+, RabbitMQ).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVICES := $(patsubst services/%/pyproject.toml,%,$(wildcard services/*/pyproject.toml))
PACKAGES := shared $(addprefix services/,$(SERVICES))

.PHONY: install run demo test unit integration e2e lint asyncapi bench clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt $(addsuffix /pyproject.toml,$(PACKAGES))
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt $(addprefix -e ,$(PACKAGES))
	touch $@

run: install
	PATH="$(CURDIR)/$(BIN):$$PATH" scripts/run-local.sh $(SERVICES)

# Against the platform `make run` started (in another terminal): plays the forum of the article.
demo: install
	$(BIN)/python scripts/demo.py $(DEMO_ARGS)

test: lint
	$(BIN)/python -m pytest

unit: install
	$(BIN)/python -m pytest tests/unit

integration: install
	$(BIN)/python -m pytest tests/integration

e2e: install
	$(BIN)/python -m pytest tests/e2e

lint: install
	$(BIN)/ruff check shared services tests scripts
	$(BIN)/lint-imports

bench: install
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .run
