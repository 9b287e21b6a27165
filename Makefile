# One target per job. `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
VENV_STAMP := .venv/.channelwise-installed

.PHONY: help uv-available setup index run test lint format bench eval clean

help:
	@echo "make run    - set up, build the knowledge index if needed, start http://localhost:8501"
	@echo "make test   - set up, then run the whole test suite"
	@echo "make lint   - ruff + mypy"
	@echo "make bench  - benchmarks (prints figures)"
	@echo "make eval   - retrieval evaluation on the dev question set"

uv-available:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || { \
		echo ">> installing uv with pip"; $(PYTHON) -m pip install --quiet uv; }

$(VENV_STAMP): pyproject.toml uv.lock | uv-available
	@echo ">> creating the environment in .venv (uv sync --frozen)"
	$(UV) sync --frozen
	@touch $@

setup: $(VENV_STAMP)

index: setup
	@echo ">> checking the knowledge index (builds or updates only what changed)"
	$(UV) run --frozen --no-sync channelwise ingest

run: index
	@echo ">> starting channelwise on http://localhost:8501"
	$(UV) run --frozen --no-sync streamlit run app.py --server.port 8501 --server.headless true \
		--browser.gatherUsageStats false

test: setup
	$(UV) run --frozen --no-sync pytest

lint: setup
	$(UV) run --frozen --no-sync ruff check src tests bench app.py
	$(UV) run --frozen --no-sync ruff format --check src tests bench app.py
	$(UV) run --frozen --no-sync mypy

format: setup
	$(UV) run --frozen --no-sync ruff format src tests bench app.py
	$(UV) run --frozen --no-sync ruff check --fix src tests bench app.py

bench: setup
	$(UV) run --frozen --no-sync python -m bench

eval: index
	$(UV) run --frozen --no-sync channelwise eval retrieval

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache
