# Digital edition of Kazakhstani social-science journals.
#   make venv   - create .venv and install requirements.txt (re-runs when it changes)
#   make site   - convert sources/ to docs/ and build the static site into site/
#   make dist   - the offline bundle: dist/kz-journals-edition-offline.zip (see README)
#   make test   - run the test suite (installs Debian chromium when it is missing)
#   make clean  - remove build output (keeps .venv)

PYTHON   ?= python3
VENV     := .venv
VPY      := $(VENV)/bin/python
STAMP    := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
EDITION  := kz-journals-edition
BUNDLE   := dist/$(EDITION)-offline.zip

.PHONY: venv site dist test chromium pdftotext clean distclean

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml package-lock.json
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	npm ci --no-audit --no-fund --loglevel=error  # citeproc-js, the CSL processor (package-lock.json)
	$(VPY) -m pip install --disable-pip-version-check -q -r requirements.txt
	$(VPY) -m pip install --disable-pip-version-check -q --no-deps -e .  # hooks import the converter as a package
	touch $@

# Debian's chromium for the browser tests (Playwright drives it; it downloads no browser of its own).
chromium:
ifeq ($(wildcard $(CHROMIUM)),)
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
else
	@echo "chromium: $(CHROMIUM)"
endif

site: venv
	$(VPY) -m compileall -q convert hooks  # once: this machine sets PYTHONDONTWRITEBYTECODE
	$(VPY) -m convert build --sources sources --docs-dir docs --site-dir site

dist: site
	$(VPY) hooks/offline.py --docs-dir docs --site-dir .cache/offline-site --zip $(BUNDLE)

# pdftotext (Debian poppler-utils): the realworld tests read the PDFs' text as editors' tools give it
pdftotext:
ifeq ($(shell command -v pdftotext),)
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y poppler-utils
else
	@echo "pdftotext: $(shell command -v pdftotext)"
endif

test: venv chromium pdftotext
	$(VPY) -m pytest -q tests

clean:
	rm -rf site dist .cache/offline-site .pytest_cache
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

# Benchmarks (about 35 min on 2 cores): the readers (bench/readers.py), then conversion, build and search
# (bench/run.py); both print the figures and append them to bench/RESULTS.md
.PHONY: bench
bench: venv chromium pdftotext
	$(VPY) -m compileall -q convert hooks  # as `make site` does: this machine sets PYTHONDONTWRITEBYTECODE
	$(VPY) bench/readers.py
	$(VPY) bench/run.py
