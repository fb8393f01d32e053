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

.PHONY: run test setup system-deps lint typecheck layers unit translations clean bench bundle deb test-deb server-deb windows

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
	$(VENV)/bin/mypy src/qlvb_desktop src/qlvb_server

layers: $(STAMP)
	$(VENV)/bin/lint-imports

unit: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) bench/register.py

# Packages (docs/install.md). VERSION comes from pyproject.toml.
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
BUNDLE_STAMP := $(VENV)/.bundle-tools

$(BUNDLE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -c constraints.txt -e ".[bundle]"
	touch $@

# The PyInstaller one-folder build of the workstation: dist/qlvb-desktop/{qlvb-desktop,qlvb}
bundle: setup $(BUNDLE_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/qlvb.spec

# The workstation as a .deb in dist/ (installs into /opt/qlvb-desktop, a menu entry, `qlvb`)
deb: bundle
	bash packaging/deb/build.sh dist/qlvb-desktop $(VERSION) dist

# Installs that .deb into a fresh Debian 12 root (debootstrap) and uses it there (tests/packaging)
test-deb: deb
	$(PY) -m pytest -x -q -s tests/packaging/test_deb_install.py

# The central server as a .deb in dist/: systemd unit, /etc/qlvb-server/, backup/restore
server-deb: setup $(BUNDLE_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller-server packaging/server/qlvb-server.spec
	bash packaging/server/build-deb.sh dist/qlvb-server $(VERSION) dist

# Windows only (a Windows runner with Python, Tesseract and Inno Setup; .github/workflows/windows.yml)
windows:
	pwsh -NoProfile -File packaging/windows/build.ps1

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
