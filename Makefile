# hackbot: `make run` runs the assistant, `make test` runs every test.
# Both install what they need first: the two virtual environments, the trained
# model (retrained only when data/, domain.yml or config.yml change), the
# database schema and the demo event.

SHELL := /bin/bash
.DEFAULT_GOAL := help

APP_VENV  := .venv
RASA_VENV := .venv-rasa
APP_PY    := $(APP_VENV)/bin/python
RASA      := PYTHONWARNINGS=ignore $(RASA_VENV)/bin/rasa
HACKBOT   := $(APP_VENV)/bin/hackbot
MODEL     := models/hackbot.tar.gz
STAMPS    := .stamps
# The model is also trained again when the intent reader it trains (rasa_addons/semantic_intents.py)
# or the encoder whose vectors it keeps (bot/understanding/encoder.py) changes.
TRAINING_FILES := domain.yml config.yml $(shell find data -name '*.yml' 2>/dev/null | sort) \
	rasa_addons/semantic_intents.py bot/understanding/encoder.py
CHROMIUM  := $(or $(HACKBOT_CHROMIUM),/usr/bin/chromium)

export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Rasa reports usage and crashes to its makers by default; not from here (see bot/cli/services.py).
export RASA_TELEMETRY_ENABLED ?= false
# The sentence encoder's OpenMP threads sleep while waiting rather than spin (bot/cli/services.py).
export OMP_WAIT_POLICY ?= PASSIVE

.PHONY: help run test envs browser model db lint typecheck validate test-stories test-python screenshot \
	nlu-report bench clean

help:
	@echo "make run   - install what is missing, then start the assistant and chat in the terminal"
	@echo "make test  - install what is missing, then run the whole test suite"

## Environments ##############################################################

$(STAMPS)/app: pyproject.toml requirements/app.lock
	@mkdir -p $(STAMPS)
	@test -x $(APP_PY) || { py=$$(scripts/find-python 3.11) && $$py -m venv $(APP_VENV); }
	$(APP_PY) -m pip install -q --upgrade "pip==24.2"
	$(APP_PY) -m pip install -q -c requirements/app.lock -e '.[dev]'
	@touch $@

$(STAMPS)/rasa: requirements/rasa.lock
	@mkdir -p $(STAMPS)
	@test -x $(RASA_VENV)/bin/python || { py=$$(scripts/find-python 3.10) && $$py -m venv $(RASA_VENV); }
	$(RASA_VENV)/bin/python -m pip install -q --upgrade "pip==24.2"
	$(RASA_VENV)/bin/python -m pip install -q --no-deps -r requirements/rasa.lock
	@touch $@

envs: $(STAMPS)/app $(STAMPS)/rasa

# The browser test (tests/web/test_browser.py) drives Debian's Chromium with Playwright (a dev
# dependency, which never downloads a browser). Checked at every run, so a machine that lost it
# gets it back: installed with apt-get when missing (with sudo when not root), else a clear error.
browser:
	@scripts/install-chromium $(CHROMIUM)

## Model ######################################################################

$(MODEL): $(STAMPS)/rasa $(TRAINING_FILES)
	@echo "Training the model (data, domain or config changed)..."
	$(RASA) train --quiet --fixed-model-name hackbot --out models
	@touch $@

model: $(MODEL)

## Database ###################################################################

db: $(STAMPS)/app
	$(HACKBOT) setup

## Run ########################################################################

run: envs model db
	$(HACKBOT) serve

## Tests ######################################################################

lint: $(STAMPS)/app
	$(APP_VENV)/bin/ruff check bot actions rasa_addons tests bench
	$(APP_VENV)/bin/ruff format --check bot actions rasa_addons tests bench

typecheck: $(STAMPS)/app
	$(APP_VENV)/bin/mypy

validate: $(STAMPS)/rasa
	$(RASA) data validate --fail-on-warnings --max-history 3

test-stories: $(MODEL)
	$(RASA) test core --stories tests/stories --model $(MODEL) --out var/test-results/core \
		--fail-on-prediction-errors

test-python: envs browser $(MODEL)
	$(APP_VENV)/bin/pytest

test: lint typecheck validate test-stories test-python

# docs/screenshot.png (README): the demo event's page during the event, with a question asked.
screenshot: envs browser $(MODEL)
	HACKBOT_SCREENSHOT=docs/screenshot.png $(APP_VENV)/bin/pytest -q tests/web/test_browser.py

nlu-report: $(MODEL)
	$(APP_PY) bench/nlu.py

bench: nlu-report
	$(APP_PY) bench/broadcast.py
	$(APP_PY) bench/turns.py
	$(APP_PY) bench/understanding.py

clean:
	rm -rf $(STAMPS) models var/test-results
