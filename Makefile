# Two commands do everything on a fresh machine:
#   make book   [SCENARIO=base|bull|bear] [PARAMS=my.yml] [SET="lease.gpus=200000 ..."] [OUT=_build/html]
#   make test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SCENARIO ?= base
OUT ?= _build/html
STAMP := $(VENV)/.installed

.PHONY: book site slides brief test install numbers bench browser-deps faketime-deps slides-deps clean test-deps pdf figures

# The virtual environment, with the pinned dependencies (constraints.txt) and this package.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

install: $(STAMP)

book: $(STAMP)
	$(PY) scripts/build.py --scenario "$(SCENARIO)" --out "$(OUT)" \
	  $(if $(PARAMS),--params "$(PARAMS)") $(foreach s,$(SET),--set "$(s)")

# Every figure of the book in OUT as SVG, PNG (2x) and CSV, with an index page, in _build/figures.
figures: book
	$(PY) scripts/figures.py --site "$(OUT)" --out _build/figures

# The book as a 16:9 deck (python-pptx): _build/slides/colossus-<scenario>-<fingerprint>.pptx
slides: book
	$(PY) scripts/slides.py --site "$(OUT)" --out _build/slides

# The book on one printed page (headless Chromium): _build/brief/colossus-brief-<fingerprint>.pdf
brief: book browser-deps
	$(PY) scripts/brief.py --site "$(OUT)" --out _build/brief $(if $(BASE_URL),--base-url "$(BASE_URL)")

numbers: $(STAMP)
	@$(PY) scripts/numbers.py --scenario "$(SCENARIO)" $(if $(PARAMS),--params "$(PARAMS)") $(foreach s,$(SET),--set "$(s)")

# Debian's Chromium for the browser tests (never `playwright install`: no downloads here).
browser-deps:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

# axe-core (tests/package.json, exact version in tests/package-lock.json) for the
# accessibility checks of the browser tests; npm from Debian when missing.
AXE := tests/node_modules/axe-core/axe.min.js
$(AXE): tests/package.json tests/package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq npm >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq npm >/dev/null; fi; }
	cd tests && npm ci --no-audit --no-fund --silent
	@touch $(AXE)

# libfaketime, for the test that builds the same commit "on another day" and compares bytes.
faketime-deps:
	@command -v faketime >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq faketime >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq faketime >/dev/null; fi; }

# LibreOffice Impress renders the deck as a reader's client would; poppler's pdftotext reads it.
slides-deps:
	@{ command -v soffice >/dev/null && command -v pdftotext >/dev/null; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libreoffice-impress poppler-utils >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq libreoffice-impress poppler-utils >/dev/null; fi; }

test-deps: browser-deps faketime-deps slides-deps $(AXE)

test: $(STAMP) test-deps
	$(PY) -m pytest --durations=15

# The whole book as one PDF (_build/pdf/book.pdf), printed by headless Chromium from the
# built site in table-of-contents order.
pdf: book browser-deps
	$(PY) scripts/pdf.py --site "$(OUT)" --out _build/pdf/book.pdf $(if $(BASE_URL),--base-url "$(BASE_URL)")

# Every scenario in one site, one click apart (the way to publish): _build/site/<scenario>/,
# base, bull, bear and, with PARAMS= or SET=, "yours"; the root index.html opens base.
site: $(STAMP)
	$(PY) scripts/site.py $(if $(PARAMS),--params "$(PARAMS)") $(foreach s,$(SET),--set "$(s)")

bench: $(STAMP)
	$(PY) scripts/bench.py

# Stops this folder's warm build server (colossus/book/warm.py) too; it also stops by itself
# when idle for COLOSSUS_WARM_IDLE seconds (900) or when _build/.work is deleted.
clean:
	-@test -x $(PY) && $(PY) -m colossus.book.warm stop >/dev/null 2>&1
	rm -rf _build
