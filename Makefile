# Digital edition of Kazakhstani social-science journals.
#   make venv   - create .venv and install requirements.txt (re-runs when it changes)
#   make site   - convert sources/ to docs/ and build the static site into site/
#   make test   - run the test suite
#   make clean  - remove build output (keeps .venv)

PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: venv site test clean distclean

venv: $(STAMP)

$(STAMP): requirements.txt
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

site: venv
	$(VPY) -m convert build --sources sources --docs-dir docs --site-dir site

test: venv
	$(VPY) -m pytest -q tests

clean:
	rm -rf site dist .pytest_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

# Benchmarks of issue 9 (about 15 min on 2 cores): prints the figures, appends them to bench/RESULTS.md
.PHONY: bench
bench: venv
	$(VPY) bench/run.py
