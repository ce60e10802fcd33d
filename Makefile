# The two commands a newcomer needs are `make serve` and `make test`;
# every target sets up .venv first, so both work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Extra Pelican settings as KEY=JSON words, e.g. SETTINGS='SEARCH_PAGEFIND=false'.
# Pelican keeps only the LAST -e flag of a command line (its ParseOverrides
# action replaces the overrides), so every recipe passes one -e group that
# ends with $(SETTINGS); PELICAN_ARGS is for other flags (-v, -D, --fatal ...).
SETTINGS ?=
PELICAN_ARGS ?=
# Development pages and the demo cross-posts link to the address `make serve`
# listens on, whatever HOST and PORT are.
DEV_URL := 'SEO_DEV_SITEURL="http://$(HOST):$(PORT)"'

.PHONY: setup build publish rollback serve test test-fast check lint format lock clean review-build check-content editor-bundle preview-url

setup: $(STAMP)

# Reinstall only when the pins change.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e '.[test]'
	touch $@

build: $(STAMP)
	$(BIN)/pelican content -s pelicanconf.py $(PELICAN_ARGS) -e $(DEV_URL) $(SETTINGS)

# Production build: absolute URLs, and any content error fails the run. With
# DEPLOY_RSYNC_TARGET (folder or user@host:/folder) it is then published as a
# new release and switched to atomically (deploy/release.sh).
publish: $(STAMP)
	$(BIN)/pelican content -s publishconf.py --fatal errors $(PELICAN_ARGS) $(if $(strip $(SETTINGS)),-e $(SETTINGS))
	@if [ -n "$$DEPLOY_RSYNC_TARGET" ]; then \
	  deploy/release.sh publish output "$$DEPLOY_RSYNC_TARGET"; \
	fi

# Point the server back at the previous release (docs/operations.md).
rollback:
	@test -n "$$DEPLOY_RSYNC_TARGET" || { echo "DEPLOY_RSYNC_TARGET belum diisi" >&2; exit 2; }
	deploy/release.sh rollback "$$DEPLOY_RSYNC_TARGET"

# Also starts the social API sandbox and cross-posts the sample articles to it
# (docs/admin.md): the site on $(PORT), the timelines on
# $(SANDBOX_PORT). Demo ledger and sandbox state live in .cache/ and start fresh.
# And the web editor's local backend (decap-server, docs/editor.md) on
# $(EDITOR_PORT), committing to a clone in .cache/editor-repo; without
# node it says so in Indonesian and the site is served all the same.
SANDBOX_PORT ?= 8765
EDITOR_PORT ?= 8081
EDITOR_URL := 'EDITOR_LOCAL_BACKEND_URL="http://127.0.0.1:$(EDITOR_PORT)/api/v1"'
DEV_SYND := .cache/syndicate-dev
serve: build
	@rm -rf $(DEV_SYND)/ledger && mkdir -p $(DEV_SYND); \
	export SYNDICATE_LEDGER_DIR="$(CURDIR)/$(DEV_SYND)/ledger"; \
	$(BIN)/python -m bkd_sandbox --host $(HOST) --port $(SANDBOX_PORT) --state $(DEV_SYND)/sandbox.json \
	  --reset > $(DEV_SYND)/sandbox.log 2>&1 & sandbox=$$!; \
	$(BIN)/python -m bkd_sandbox.devserve --site http://$(HOST):$(PORT)/ \
	  --sandbox http://$(HOST):$(SANDBOX_PORT) --ledger $(DEV_SYND)/ledger \
	  --rebuild $(BIN)/pelican content -s pelicanconf.py $(PELICAN_ARGS) -e $(DEV_URL) $(EDITOR_URL) $(SETTINGS) & demo=$$!; \
	$(BIN)/python -m plugins.editor.local --port $(EDITOR_PORT) --site http://$(HOST):$(PORT)/ & editor=$$!; \
	trap 'kill $$demo $$sandbox $$editor 2>/dev/null; wait $$sandbox $$editor 2>/dev/null' EXIT INT TERM; \
	$(BIN)/pelican content -s pelicanconf.py --autoreload --listen --bind $(HOST) --port $(PORT) \
	  $(PELICAN_ARGS) -e $(DEV_URL) $(EDITOR_URL) $(SETTINGS)

# npm tools of the browser/validity tests and bench/lighthouse.py (axe-core,
# vnu-jar, lighthouse), pinned by tests/browser/package-lock.json.
# --ignore-scripts: vnu-jar's postinstall would download a JRE; Debian's is used.
NPM_TOOLS := tests/browser/node_modules/.installed
$(NPM_TOOLS): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Refresh the vendored web-editor bundle (plugins/editor/vendor/, committed)
# from npm at the version pinned in plugins/editor/package-lock.json, after
# changing that pin (docs/editor.md).
editor-bundle: $(STAMP)
	$(BIN)/python -m plugins.editor.bundle refresh

# The whole suite; this is what CI runs (.ci/run).
test: $(STAMP) $(NPM_TOOLS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fast tier, for every edit: unit tests and the engine against the fake
# platform, no site build, browser or sandbox (tests/conftest.py says which
# tests are slow). Budget: 60 s on the 2-core build machine.
# Hypothesis's pytest plugin is off here: only the slow property sweeps use it,
# and its end-of-run summary alone costs seconds.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" -p no:hypothesispytest $(PYTEST_ARGS)

# The FBS gate over all content (see docs/fbs.md).
check: $(STAMP)
	$(BIN)/fbs check

# The pull-request build (docs/review-package.md): production settings and
# --fatal errors, with future-dated articles rendered so the Kepala reviews them
# before their date. Its manifest (build/review/manifest.json) feeds the review
# package; nothing here is deployed to the public site. The site is built for
# its own address, REVIEW_SITEURL (the PR's page preview, or a local address
# for the downloaded artifact): every link stays inside the preview, robots.txt
# disallows everything, pages say noindex and there is no sitemap.
REVIEW_DIR := build/review
# The page previews' address (not a secret): pull request N is built for
# $(PREVIEW_URL)/pr-N, where .github/workflows/review-comment.yml deploys it.
# Empty: previews are not deployed and the build keeps a local address.
PREVIEW_URL :=
REVIEW_SITEURL ?= $(if $(and $(PREVIEW_URL),$(PR)),$(PREVIEW_URL)/pr-$(PR),http://127.0.0.1:8000)
review-build: $(STAMP)
	SITEURL='$(REVIEW_SITEURL)' $(BIN)/pelican content -s publishconf.py --fatal errors \
	  -o $(REVIEW_DIR)/site $(PELICAN_ARGS) -e WITH_FUTURE_DATES=true SEO_SITEMAP=false \
	  'SYNDICATE_MANIFEST="manifest.json"' $(SETTINGS)

preview-url:
	@echo '$(PREVIEW_URL)'

# Content checks over the real content/ (the developer suite never reads it):
# the production build above, then every article has its page and every link
# and image inside the site resolves. Messages in Bahasa Indonesia.
check-content: review-build
	$(BIN)/python -m review check-site --content content --site $(REVIEW_DIR)/site \
	  --manifest $(REVIEW_DIR)/manifest.json $(CHECK_ARGS)

# ruff (rules in pyproject.toml) and mypy over syndicate/ and plugins/ ([tool.mypy]).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-resolve the transitive lock from the pins in pyproject.toml.
lock:
	rm -rf /tmp/bkd-lock-venv && $(PYTHON) -m venv /tmp/bkd-lock-venv
	/tmp/bkd-lock-venv/bin/pip install --quiet '.[test]'
	( echo '# Full lock of the environment: `pip freeze` of a venv built from pyproject.toml.'; \
	  echo '# Regenerate with `make lock` after changing a pin in pyproject.toml.'; \
	  /tmp/bkd-lock-venv/bin/pip freeze --exclude bkd-ntt-portal ) > requirements.lock

clean:
	rm -rf output .cache build
