# Two commands do everything on a fresh machine: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# make run never needs a service: SQLite, files on disk, Celery eager, mail on the console.
RUN_ENV := DJANGO_SETTINGS_MODULE=easy.settings.local DATABASE_URL=$${RUN_DATABASE_URL:-sqlite:///$(CURDIR)/db.sqlite3} CELERY_BROKER_URL= EMAIL_URL=consolemail:// SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}

.PHONY: run test translations bench lint format check system-deps install install-test migrate demo clean compose-config backup restore

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Re-install only when pyproject.toml changes: a second run is fast.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# System packages the browser, PDF, compose and proxy tests need; installed only when missing and
# root.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v docker-compose >/dev/null || missing="$$missing docker-compose"; \
	command -v caddy >/dev/null || missing="$$missing caddy"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Not root: browser/PDF/compose tests need$$missing (they will be skipped)."; fi; \
	fi

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput -v0

demo: migrate
	$(RUN_ENV) $(PY) manage.py load_catalog
	$(RUN_ENV) $(PY) manage.py load_demo
	$(RUN_ENV) $(PY) manage.py generate_issuer_key --missing

# locale/*/LC_MESSAGES/*.po -> .mo with polib (a Python dependency): no GNU gettext needed.
translations: install
	$(RUN_ENV) $(PY) manage.py compile_translations -v0

run: demo translations
	@echo "Serving on http://$(HOST):$(PORT)/  sign in at http://$(HOST):$(PORT)/accounts/login/  (Ctrl-C stops; another port: make run PORT=8101)"
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# axe-core for the browser tests' accessibility checks, from the npm registry (pinned by the lock).
AXE := tests/e2e/axe/node_modules/.installed
$(AXE): tests/e2e/axe/package.json tests/e2e/axe/package-lock.json
	npm ci --prefix tests/e2e/axe --no-audit --no-fund --silent
	touch $@

test: install-test system-deps $(AXE) translations
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Benchmarks run on the local PostgreSQL when it answers (the figures the issues ask for),
# otherwise on SQLite in memory; BENCH_DATABASE_URL chooses another.
bench: install-test
	@url="$${BENCH_DATABASE_URL:-}"; \
	if [ -z "$$url" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then url="postgres://postgres@127.0.0.1:5432/easy_bench"; fi; \
	echo "Benchmarks on $${url:-SQLite in memory}"; \
	DATABASE_URL="$$url" $(PY) -m benchmarks $(BENCH_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run --settings=easy.settings.test

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

compose-config:
	docker-compose -f docker-compose.yml config --quiet

# Backups: the PostgreSQL database named by DATABASE_URL (pg_dump, custom format) and every
# stored document (MEDIA_ROOT or the S3 bucket the settings name), into one folder.
#   make backup                          -> backups/<UTC time>/{database.dump,documents.tar}
#   make restore BACKUP=backups/<time>   -> into DATABASE_URL (an empty database) and the store
# PG_BIN names the folder of a pg_dump matching the server's major version when the default
# one does not (e.g. /usr/lib/postgresql/15/bin/).
PG_BIN ?=
BACKUP_STAMP := $(shell date -u +%Y%m%dT%H%M%SZ)
BACKUP_DIR ?= backups/$(BACKUP_STAMP)

backup:
	@test -n "$$DATABASE_URL" || { echo "make backup: set DATABASE_URL to the PostgreSQL database"; exit 2; }
	@mkdir -p "$(BACKUP_DIR)"
	$(PG_BIN)pg_dump --format=custom --no-owner --no-privileges --file="$(BACKUP_DIR)/database.dump" "$$DATABASE_URL"
	$(PY) manage.py backup_documents "$(BACKUP_DIR)/documents.tar"
	@echo "Backup written to $(BACKUP_DIR)"

restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<time>"; exit 2; }
	@test -n "$$DATABASE_URL" || { echo "make restore: set DATABASE_URL to the (empty) database"; exit 2; }
	$(PG_BIN)pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$$DATABASE_URL" "$(BACKUP)/database.dump"
	$(PY) manage.py restore_documents "$(BACKUP)/documents.tar"
	@echo "Restored $(BACKUP)"

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles

# USWDS (the design system): its built CSS, JS, the fonts and images the CSS names, and its
# licence, re-fetched from the npm registry at the pinned version into static/vendor/uswds/.
# The files are kept in the repository, so `make run` never needs npm. Source-map comments are
# dropped (the maps are not kept; the manifest storage would look for them).
USWDS_VERSION ?= 3.14.0
.PHONY: uswds
uswds:
	@set -euo pipefail; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && npm pack --silent "@uswds/uswds@$(USWDS_VERSION)" >/dev/null && tar xzf uswds-uswds-$(USWDS_VERSION).tgz); \
	pkg="$$tmp/package"; out=static/vendor/uswds; rm -rf "$$out/dist"; \
	mkdir -p "$$out/dist/css" "$$out/dist/js"; \
	cp "$$pkg/LICENSE.md" "$$out/"; \
	cp "$$pkg/dist/css/uswds.min.css" "$$out/dist/css/"; \
	cp "$$pkg/dist/js/uswds.min.js" "$$pkg/dist/js/uswds-init.min.js" "$$out/dist/js/"; \
	sed -i '/sourceMappingURL=/d' "$$out/dist/css/uswds.min.css" "$$out/dist/js/"*.js; \
	for ref in $$(grep -o 'url([^)"'"'"']*)' "$$out/dist/css/uswds.min.css" | sed 's/^url(\.\.\///;s/)$$//' | grep -v '^url(' | sort -u); do \
	  mkdir -p "$$out/dist/$$(dirname $$ref)"; cp "$$pkg/dist/$$ref" "$$out/dist/$$ref"; \
	done; \
	sed -i "s/^Version: .*/Version: $(USWDS_VERSION)/" "$$out/README.md"; \
	echo "USWDS $(USWDS_VERSION) in $$out/ ($$(find $$out -type f | wc -l) files)"
