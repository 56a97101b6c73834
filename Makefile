# Every command a user or CI runs. `make serve` and `make test` set everything up themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
export NO_MKDOCS_2_WARNING := 1

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@echo "==> Python environment $(VENV) (pinned: requirements.lock)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP) install -r requirements.lock
	@$(PIP) install --no-deps -e .
	@touch $@

NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@echo "==> npm packages (pinned: package-lock.json)"
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian packages the browser tests (and the PDF) need; installed only when missing.
# (A Chrome already on PATH, or $CHROMIUM, is used as it is: GitHub's Ubuntu runners have one.)
CHROME := $(or $(CHROMIUM),$(shell command -v chromium || command -v chromium-browser || command -v google-chrome))
system:  ## install Chromium, CJK fonts and poppler with apt-get when missing
	@if [ -z "$(CHROME)" ] || ! command -v pdftoppm >/dev/null \
	    || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
	  PKGS="fonts-noto-cjk poppler-utils"; [ -n "$(CHROME)" ] || PKGS="chromium $$PKGS"; \
	  echo "==> apt-get install $$PKGS"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$PKGS >/dev/null; \
	fi

setup: $(STAMP) $(NODE_STAMP)  ## install the pinned Python (.venv) and npm (node_modules) packages

build: setup  ## build the site into site/ (a failed build leaves the previous site/ as it was)
	@$(MAKE) --no-print-directory publish

# (no set-up) build into .build/site.new; replace site/ with it only when the build passed
publish:
	@rm -rf .build/site.new && mkdir -p .build
	@$(BIN)/mkdocs build --strict -d .build/site.new || { rm -rf .build/site.new; \
	  echo "==> the build failed: site/ is still the last good site" >&2; exit 1; }
	@rm -rf .build/site.old; if [ -d site ]; then mv site .build/site.old; fi; mv .build/site.new site
	@echo "==> site/ is up to date"

PDF := .build/pdf/deep-learning-notes.pdf
pdf: build system  ## build the site, then print it to one PDF (site/deep-learning-notes.pdf), only if it changed
	$(BIN)/python -m kbsite.pdf site $(PDF)
	@cp $(PDF) site/deep-learning-notes.pdf

serve: setup  ## build the site and serve it at http://127.0.0.1:8000 (rebuilds on change)
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

test: setup system  ## run every test: engine, site, every block of every page, the site in Chromium
	@# one worker more than cores: many tests wait on subprocesses (builds, Chromium) rather than compute;
	@# a file's tests go to one worker (a page's blocks share one page process), in the order
	@# tests/conftest.py gives (long files first), not xdist's (most tests first)
	$(BIN)/pytest -n $$(( $$(nproc) + 1 )) --dist loadfile --no-loadscope-reorder

bench: setup  ## benchmark: synthetic sites and the real site vs plain build and markdown-exec (ARGS="--sizes 50 200 1000")
	@$(PIP) install -r requirements-bench.txt
	$(BIN)/python bench/bench.py $(ARGS)

lock:  ## re-pin requirements.lock from the direct pins in pyproject.toml
	rm -rf .build/lock-venv && $(PYTHON) -m venv .build/lock-venv
	.build/lock-venv/bin/python -m pip -q install --disable-pip-version-check -e .
	.build/lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^kbexec' > requirements.lock
	rm -rf .build/lock-venv

clean:  ## remove the built site and build scratch (keeps .venv)
	rm -rf site .build

.PHONY: help system setup build publish pdf serve test bench lock clean
