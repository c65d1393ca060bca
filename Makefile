# Two commands from a fresh clone: `make bundle` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: bundle test serve build anchors bench search-eval deps system-deps clean handouts typography typography-fix properdocs-build

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

## Print handouts: dist/handouts/{zh,en}/<name>.pdf (training modules, channel guides) from the bundle.
handouts: bundle system-deps
	$(PY) scripts/handouts.py

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

## Search quality: the dev questions (../shared/eval/dev_questions.yml) typed into the search box
## of the bundle (rebuilt first) in Chromium from file://, against a stock Material baseline built in the same run.
search-eval: bundle system-deps
	$(PY) scripts/search_eval.py

## Hooks overhead on a synthetic site (BENCH_PAGES=2000, BENCH_GROWTH=4), real-site build time,
## index and page sizes, time to search results in Chromium.
bench: deps system-deps
	$(PY) scripts/bench.py

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
