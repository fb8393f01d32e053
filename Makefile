# The two commands a newcomer needs: `make run` and `make test`. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: run test setup system-deps lint typecheck layers unit translations clean bench

run: setup
	$(VENV)/bin/qlvb-desktop $(ARGS)

test: setup lint typecheck layers unit

setup: system-deps $(STAMP) translations

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), f"Python 3.11 is needed, found {sys.version.split()[0]}"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

translations: $(STAMP)
	@for ts in resources/i18n/*.ts; do \
	  [ -e "$$ts" ] || continue; \
	  qm=$${ts%.ts}.qm; \
	  if [ ! -e "$$qm" ] || [ "$$ts" -nt "$$qm" ]; then $(VENV)/bin/pyside6-lrelease -silent "$$ts" -qm "$$qm"; fi; \
	done

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy src/qlvb_desktop

layers: $(STAMP)
	$(VENV)/bin/lint-imports

unit: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) bench/register.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
