# Newsroom: `make run` serves the demo site, `make test` runs the whole suite.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run serve test lint format install install-dev test-tools clean serve-edge start-edge stop-edge serve-varnish start-varnish bench bench-markup soak profile wire-eval

help: ## list the targets, one line each
	@awk -F ':.*## ' '/^[a-z][a-z-]*:.*## / { printf "  %-14s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# The venv is reinstalled only when a requirements file changes, so a second
# `make run` starts in seconds.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# The Nu HTML Checker and axe-core, which the page-validity tests run.
node_modules/.installed: package.json package-lock.json | test-tools
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed ## install the requirements into .venv
install-dev: $(VENV)/.installed-dev node_modules/.installed ## install the test tools too (Python and npm)

# Java runs the Nu HTML Checker and npm installs it: say at once what is missing,
# rather than failing deep inside a test.
test-tools: ## check that Java and npm, which the page checks need, are installed
	@missing=""; for tool in java npm; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then \
		echo "Missing:$$missing. make test needs Java and npm: on Debian or Ubuntu, sudo apt-get install default-jre-headless nodejs npm" >&2; \
		exit 1; \
	fi

# The background worker (mail) beside the web server in one command: started
# in the background, stopped (it finishes the task in hand) when the server
# stops, Ctrl-C included, so none is left behind.
WITH_WORKER = $(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM;

# Local development: DEBUG on, SQLite unless DATABASE_URL says otherwise,
# demo content and demo accounts loaded (idempotently), and the worker.
run: export DEBUG = 1
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install ## create .venv, install, migrate, load the demo, serve http://127.0.0.1:8000/
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(WITH_WORKER) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production-like: gunicorn with DEBUG off, hashed and compressed static files
# served by WhiteNoise, over the same local database `make run` prepares, and
# the worker. Plain HTTP on 127.0.0.1, so the HTTPS-only defaults are off here.
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
serve: install ## the same site under gunicorn with DEBUG off, as in production
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	test -s .secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key
	DEBUG=0 SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}" SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" \
	$(BIN)/python manage.py collectstatic --noinput -v 0
	export DEBUG=0 SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}" SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 SERVE_MEDIA=1; \
	$(WITH_WORKER) $(BIN)/gunicorn newsroom.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --error-logfile -

test: test-tools install-dev lint ## install test tools, lint, run the whole suite (DATABASE_URL when set)
	$(BIN)/python -m pytest

lint: install-dev ## ruff and djhtml, checking only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: install-dev ## ruff and djhtml, fixing what they can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

clean: ## remove .venv, caches and collected static files
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles

# The production front on this checkout: nginx (deploy/nginx.conf, installed
# with apt-get when missing) on 127.0.0.1:$(EDGE_PORT) in front of `make serve`,
# micro-caching anonymous pages. Ctrl-C stops both. `start-edge` runs them in
# the background and `stop-edge` stops them.
EDGE_PORT ?= 8080
serve-edge: ## nginx in front of `make serve` on :8080; Ctrl-C stops both
	HOST=$(HOST) PORT=$(PORT) EDGE_PORT=$(EDGE_PORT) exec deploy/edge.sh run

start-edge: ## the same in the background
	HOST=$(HOST) PORT=$(PORT) EDGE_PORT=$(EDGE_PORT) deploy/edge.sh start

stop-edge: ## stop what start-edge or start-varnish started
	deploy/edge.sh stop

# The same with Varnish (deploy/varnish.vcl, installed with apt-get when
# missing) as the front: it keeps anonymous pages for hours, tagged with what
# they show, and the app purges exactly what changed. Ctrl-C stops both.
serve-varnish: ## Varnish in front of `make serve` on :8080, purged by what changed; Ctrl-C stops both
	FRONT=varnish HOST=$(HOST) PORT=$(PORT) EDGE_PORT=$(EDGE_PORT) exec deploy/edge.sh run

start-varnish: ## the same in the background (stop-edge stops it)
	FRONT=varnish HOST=$(HOST) PORT=$(PORT) EDGE_PORT=$(EDGE_PORT) deploy/edge.sh start

# Benchmarks (not part of `make test`): gunicorn + WhiteNoise measured with wrk
# against a static file and a bare Django view, page cache on and off, at demo
# size and with BENCH_ARTICLES seeded pieces on PostgreSQL (DATABASE_URL, or
# newsroom_bench on 127.0.0.1). Try `make bench BENCH_ARTICLES=5000` first.
BENCH_ARTICLES ?= 100000
bench: install ## throughput and latency figures against their targets (about 5 minutes)
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	BENCH_ARTICLES=$(BENCH_ARTICLES) $(BIN)/python -m bench.run

# Where an uncached page's time goes: cProfile of each public page, PROFILE_RENDERS
# renders each, over the database `make run` prepares (or DATABASE_URL).
profile: install ## cProfile of each uncached public page
	DEBUG=1 $(BIN)/python manage.py migrate --noinput -v 0
	DEBUG=1 $(BIN)/python manage.py load_demo >/dev/null
	$(BIN)/python -m bench.profile

# Markdown rendering time (not part of `make test`): 10, 100 and 1,000 KB bodies
# of each hostile shape and of a normal article, in-process; no database needed.
bench-markup: install ## Markdown render time of hostile bodies, no database
	$(BIN)/python -m bench.markup

# The wire importer on its corpus (tests/wire_corpus): fields right per field and style.
wire-eval: install ## score the wire importer on its corpus, per field and per style
	DEBUG=1 $(BIN)/python manage.py wire_eval

# Soak test (not part of `make test`, which runs a 15-second version): minutes
# of readers, reporters and an editor on gunicorn over a fresh database; fails
# on any server error or any acknowledged save missing from the revisions.
SOAK_MINUTES ?= 3
soak: install ## minutes of mixed load; fails on a server error or a lost save
	SOAK_MINUTES=$(SOAK_MINUTES) $(BIN)/python -m bench.soak
