# Two commands for a newcomer on a fresh Debian / Raspberry Pi OS machine:
#   make run    set everything up, load the demo content, open the kiosk
#   make test   set up what the tests need (Xvfb + Mesa when there is no screen), run them all
# Everything Python goes into .venv; Debian packages are installed with apt (sudo if not root).

VENV    ?= .venv
PY      := $(VENV)/bin/python
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export DIGIQUARTIER_DATA ?= $(CURDIR)/var/kiosk

# What a Kivy window needs from the system, and venv support for Debian's Python.
KIOSK_DEBS := python3-venv python3-pip libgl1 libegl1 libgl1-mesa-dri libmtdev1
# Tests also need a virtual screen, the speech engine, and the deploy tooling they check.
TEST_DEBS  := $(KIOSK_DEBS) xvfb xauth espeak-ng shellcheck systemd sqlite3
# No screen (CI, ssh): run the window on Xvfb at the default kiosk size.
HEADLESS   := $(if $(DISPLAY)$(WAYLAND_DISPLAY),,xvfb-run -a -s "-screen 0 1280x800x24")

.PHONY: run test lint screenshots bench server clean debs-kiosk debs-test

run: debs-kiosk $(VENV)/.kiosk
	$(PY) -m kiosk load-demo
	$(PY) -m kiosk run

test: debs-test $(VENV)/.test
	$(PY) -m ruff check .
	$(HEADLESS) $(PY) -m pytest

lint: $(VENV)/.test
	$(PY) -m ruff check .

screenshots: debs-test $(VENV)/.test
	$(HEADLESS) $(PY) -m screens.screenshots docs/screenshots

bench: debs-test $(VENV)/.test
	$(HEADLESS) $(PY) -m bench

server: $(VENV)/.test
	$(PY) server/manage.py bootstrap --demo
	$(PY) server/manage.py runserver 127.0.0.1:8000

debs-kiosk:
	@scripts/ensure-debs $(KIOSK_DEBS)

debs-test:
	@scripts/ensure-debs $(TEST_DEBS)

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.kiosk: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e ".[server,test]"
	touch $@ $(VENV)/.kiosk

clean:
	rm -rf $(VENV) var .pytest_cache
