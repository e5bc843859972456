# Two commands: `make demo` runs the whole assistant, `make test` runs every check.
# Everything below is set up on demand from the project's own files.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PY312 ?= $(firstword $(wildcard /root/.pyenv/versions/3.12*/bin/python3.12) $(shell command -v python3.12))
PY310 ?= $(firstword $(wildcard /root/.pyenv/versions/3.10*/bin/python3.10) $(shell command -v python3.10))

VENV       := .venv
RASA_VENV  := .venv-rasa
PY         := $(VENV)/bin/python
RASA       := $(RASA_VENV)/bin/rasa
STAMPS     := .make
export FLASK_APP := kiosk_api.app
# Rasa and TensorFlow are chatty and phone home by default; keep them quiet and offline.
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_WARN_20 := 0

.PHONY: help setup demo test lint typecheck unit validate train model rasa-test nlu-gate \
        browser-deps db clean bench

help:
	@echo "make demo   set everything up and run the assistant (kiosk API, action server, Rasa)"
	@echo "make test   set everything up and run every check"

$(STAMPS):
	@mkdir -p $(STAMPS)

$(STAMPS)/venv: pyproject.toml | $(STAMPS)
	@test -n "$(PY312)" || { echo "需要 Python 3.12 (set PY312=...)"; exit 1; }
	$(PY312) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

$(STAMPS)/venv-rasa: bot/requirements.txt bot/constraints.txt | $(STAMPS)
	@test -n "$(PY310)" || { echo "需要 Python 3.10 for Rasa 3.6 (set PY310=...)"; exit 1; }
	$(PY310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/python -m pip install --quiet --upgrade pip 'setuptools<70' wheel
	$(RASA_VENV)/bin/python -m pip install --quiet -r bot/requirements.txt -c bot/constraints.txt
	@touch $@

setup: $(STAMPS)/venv $(STAMPS)/venv-rasa

# Debian's chromium for tests/browser (playwright drives /usr/bin/chromium; no browser is ever
# downloaded), and a small Chinese font so its screenshots are legible. Installed only where
# missing; needs root, as CI and the dev machines are.
$(STAMPS)/chromium: | $(STAMPS)
	@missing=""; \
	test -x /usr/bin/chromium || missing="chromium chromium-driver"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@touch $@

browser-deps: $(STAMPS)/chromium

db: $(STAMPS)/venv
	$(VENV)/bin/flask docket prepare

# Trains only when config.yml, bot/ or data/ changed since the last model (tools/model.py).
model: setup
	$(PY) -m tools.model train

demo: setup db model
	$(PY) -m tools.stack

lint: $(STAMPS)/venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMPS)/venv
	$(VENV)/bin/mypy kiosk_api/domain

validate: $(STAMPS)/venv-rasa
	$(RASA) data validate --config config.yml --domain bot/domain --data data --fail-on-warnings

unit: $(STAMPS)/venv
	$(PY) -m pytest

rasa-test: model
	$(PY) -m tools.model test-stories

nlu-gate: model
	$(PY) -m tools.model nlu-gate

# REQUIRE_MODEL / REQUIRE_BROWSER: the e2e and browser tests must run here, never skip.
test: setup browser-deps lint typecheck validate model
	REQUIRE_MODEL=1 REQUIRE_BROWSER=1 $(PY) -m pytest
	$(PY) -m tools.model test-stories
	$(PY) -m tools.model nlu-gate

bench: setup db model
	$(PY) bench/chat_latency.py
	$(PY) bench/fees.py
	$(PY) bench/case_lookup.py
	$(PY) bench/load.py
	$(PY) bench/startup.py

clean:
	rm -rf $(STAMPS) $(VENV) $(RASA_VENV) models results var .pytest_cache .ruff_cache .mypy_cache
