# The two commands a newcomer needs: `make run` and `make test`. Both set everything up first.
SHELL := /bin/bash
# Python 3.11, 3.12 or 3.13: `make test PYTHON=python3.13`. Each version gets its own venv
# (.venv for 3.11, which CI and the docs use; .venv-3.12, .venv-3.13 otherwise); VENV= overrides.
# (A pyenv shim is found by `command -v` even when it cannot run that version: try each one.)
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do $$p -c '' 2>/dev/null && { command -v $$p; break; }; done)
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo none)
VENV ?= $(if $(filter 3.11,$(PYVER)),.venv,.venv-$(PYVER))
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
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; (3, 11) <= v <= (3, 13) or sys.exit(f"Python 3.11, 3.12 or 3.13 is needed, found {sys.version.split()[0]} ($(PYTHON)); run e.g. make PYTHON=python3.12")'
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
