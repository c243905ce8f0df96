# Two commands for a newcomer on a fresh Debian / Raspberry Pi OS machine:
#   make run    set everything up, load the demo content, open the kiosk
#   make test   set up what the tests need (Xvfb + Mesa when there is no screen), run them all
# Everything Python goes into .venv; Debian packages are installed with apt (sudo if not root).

VENV    ?= .venv
PY      := $(VENV)/bin/python
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# What a Kivy window needs from the system, and venv support for Debian's Python.
KIOSK_DEBS := python3-venv python3-pip libgl1 libegl1 libgl1-mesa-dri libmtdev1
# Tests also need a virtual screen, the speech engine, and the deploy tooling they check
# (nginx: the server's proxy configuration runs for real in tests/deploy/test_nginx.py; curl:
# deploy/server/install.sh asks a new release for /healthz; chromium: the admin in a real browser).
TEST_DEBS  := $(KIOSK_DEBS) xvfb xauth espeak-ng shellcheck systemd sqlite3 nginx openssl curl \
              chromium chromium-driver
# No screen (CI, ssh): run the window on Xvfb at the default kiosk size.
HEADLESS   := $(if $(DISPLAY)$(WAYLAND_DISPLAY),,xvfb-run -a -s "-screen 0 1280x800x24")

# Python packages come only from the lock (uv.lock), exported with hashes: the kiosk's alone (what
# a Pi installs), the server's alone (deploy/server/install.sh) and everything (tests). pip
# installs them as they are, wheels only. For tests and the server, this checkout is installed
# editable with the locked setuptools (no build isolation: nothing unlocked is downloaded), so
# server processes import kiosk/ too.
KIOSK_REQS := deploy/requirements/kiosk.txt
SERVER_REQS := deploy/requirements/server.txt
DEV_REQS   := deploy/requirements/dev.txt
PIP_LOCKED := -m pip install -q --require-hashes --only-binary=:all: --no-deps -r

.PHONY: run test lint lock pi-check screenshots bench server clean debs-kiosk debs-test

# The demo's data folder (the settings' default is /var/lib/digiquartier, a Pi's).
run: export DIGIQUARTIER_DATA ?= $(CURDIR)/var/kiosk
run: debs-kiosk $(VENV)/.kiosk
	$(PY) -m digiquartier load-demo
	$(PY) -m digiquartier run

# The suite on every core (pytest-xdist), a test file's tests together in one process: files
# whose tests build on each other (the browser tasks) and module fixtures (one server) stay whole.
test: debs-test $(VENV)/.test
	$(PY) -m ruff check .
	$(HEADLESS) $(PY) -m pytest -n auto --dist loadfile

lint: $(VENV)/.test
	$(PY) -m ruff check .

screenshots: debs-test $(VENV)/.test
	$(HEADLESS) $(PY) -m screens.screenshots docs/screenshots

bench: debs-test $(VENV)/.test
	$(HEADLESS) $(PY) -m bench

# API fuzzing: schemathesis with every check, ≥ 1,000 cases per operation, against a real server
# (figures in docs/security.md, "API fuzzing"). Takes minutes; make test runs a short version.
.PHONY: fuzz
fuzz: $(VENV)/.test
	$(PY) -m tests.torture.fuzz_api --max-examples 1000

server: $(VENV)/.test
	$(PY) server/manage.py bootstrap --demo
	$(PY) server/manage.py runserver 127.0.0.1:8000

debs-kiosk:
	@scripts/ensure-debs $(KIOSK_DEBS)

debs-test:
	@scripts/ensure-debs $(TEST_DEBS)

# After editing the dependencies in pyproject.toml (or moving its exclude-newer date): resolve
# again and write the hashed exports. A test fails while the lock and pyproject.toml disagree.
lock: $(VENV)/.test
	$(VENV)/bin/uv lock
	$(VENV)/bin/uv export --frozen --no-emit-project --no-dev --extra kiosk --no-header -q -o $(KIOSK_REQS)
	$(VENV)/bin/uv export --frozen --no-emit-project --no-dev --extra server --no-header -q -o $(SERVER_REQS)
	$(VENV)/bin/uv export --frozen --no-emit-project --no-dev --all-extras --no-header -q -o $(DEV_REQS)

# The 64-bit Pi install repeated in an arm64 Debian root under qemu (minutes; not in `make test`).
pi-check:
	$(SUDO) scripts/pi-check

$(VENV)/bin/python:
	python3 -m venv $(VENV)

$(VENV)/.kiosk: $(KIOSK_REQS) | $(VENV)/bin/python
	$(PY) $(PIP_LOCKED) $(KIOSK_REQS)
	touch $@

$(VENV)/.test: $(DEV_REQS) | $(VENV)/bin/python
	$(PY) $(PIP_LOCKED) $(DEV_REQS)
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.kiosk

clean:
	rm -rf $(VENV) var .pytest_cache
