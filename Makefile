# Two commands from a fresh clone: `make bundle` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: bundle test serve build anchors bench search-eval deps system-deps clean typography typography-fix properdocs-build

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(VENV)/.installed node_modules/.installed

# Debian packages the tests drive: chromium (browser tests), nginx (web-server test),
# fonts-noto-cjk (Chinese glyphs in screenshots and PDFs), poppler-utils (pdftotext).
system-deps:
	@sh scripts/system-deps.sh

## Build the offline bundle: dist/xinfang-kb-<version>.zip and dist/SHA256SUMS.
bundle: deps
	$(PY) scripts/bundle.py

## Run every test (installs what the tests need first).
test: deps system-deps
	$(PY) -m pytest -q tests

## Live preview for authors, with the same config.
serve: deps
	$(VENV)/bin/mkdocs serve

build: deps
	$(VENV)/bin/mkdocs build --strict

## Record every published page#anchor in data/anchors.lock (run after adding sections).
anchors: deps
	$(PY) scripts/anchors.py --write

## Engine fallback: the same site built by ProperDocs (MkDocs 1.x continuation), MkDocs not installed.
.venv-properdocs/.installed: requirements-properdocs.txt
	test -x .venv-properdocs/bin/python || $(PYTHON) -m venv .venv-properdocs
	.venv-properdocs/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-properdocs.txt
	touch $@

properdocs-build: .venv-properdocs/.installed node_modules/.installed
	.venv-properdocs/bin/properdocs build --strict -f mkdocs.yml -d .build/properdocs-site

## Chinese typography (autocorrect + house rules, .autocorrectrc): list findings / apply the fixes.
typography: deps
	$(PY) scripts/typography.py

typography-fix: deps
	$(PY) scripts/typography.py --fix

clean:
	rm -rf site .build
