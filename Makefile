# ckanext-satudata: the two commands.
#   make demo   set everything up and serve the demo portal (Indonesian)
#   make test   set everything up against a test database and run the suite
# Overridable from the environment: SATUDATA_HOST, SATUDATA_PORT,
# SATUDATA_DB_URL, SATUDATA_TEST_DB_URL, SATUDATA_REDIS_URL,
# SATUDATA_TEST_REDIS_URL (see README).

SATUDATA_HOST ?= 127.0.0.1
SATUDATA_PORT ?= 5000
SATUDATA_DB_URL ?= postgresql://satudata:satudata@127.0.0.1:5432/satudata
SATUDATA_TEST_DB_URL ?= postgresql://satudata:satudata@127.0.0.1:5432/satudata_test
SATUDATA_REDIS_URL ?= redis://127.0.0.1:6379/1
SATUDATA_TEST_REDIS_URL ?= redis://127.0.0.1:6379/2
SATUDATA_BENCH_DB_URL ?= postgresql://satudata:satudata@127.0.0.1:5432/satudata_bench
SATUDATA_BENCH_REDIS_URL ?= redis://127.0.0.1:6379/3
BENCH_N ?= 10000
export SATUDATA_HOST SATUDATA_PORT SATUDATA_DB_URL SATUDATA_TEST_DB_URL \
       SATUDATA_REDIS_URL SATUDATA_TEST_REDIS_URL

VENV := .venv
CKAN := $(VENV)/bin/ckan
DEMO_ENV := CKAN_SQLALCHEMY_URL=$(SATUDATA_DB_URL) \
	CKAN_REDIS_URL=$(SATUDATA_REDIS_URL) \
	CKAN_SITE_URL=http://$(SATUDATA_HOST):$(SATUDATA_PORT)
TEST_ENV := CKAN_SQLALCHEMY_URL=$(SATUDATA_TEST_DB_URL) \
	CKAN_REDIS_URL=$(SATUDATA_TEST_REDIS_URL)
PYTEST_ARGS ?=
# the suite runs in TEST_WORKERS processes (pytest-xdist), each on its own
# database and Redis databases (see tests/conftest.py); 1 runs it in one
TEST_WORKERS ?= 2

.PHONY: demo demo-setup test setup-test lint i18n bench

demo: demo-setup
	@echo "==> Serving the portal at http://$(SATUDATA_HOST):$(SATUDATA_PORT) (Ctrl-C stops it)"
	$(DEMO_ENV) $(CKAN) -c ckan.ini run --host $(SATUDATA_HOST) --port $(SATUDATA_PORT) --disable-reloader

demo-setup:
	bash scripts/setup.sh demo
	$(DEMO_ENV) $(CKAN) -c ckan.ini db init
	$(DEMO_ENV) $(CKAN) -c ckan.ini db upgrade
	$(DEMO_ENV) $(CKAN) -c ckan.ini satudata demo-data

test: setup-test
	$(VENV)/bin/ruff check ckanext tests bench
	$(TEST_ENV) $(VENV)/bin/python -m pytest --ckan-ini=test.ini \
		$(if $(filter-out 0 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile) \
		$(PYTEST_ARGS)

setup-test:
	SATUDATA_TEST_WORKERS=$(TEST_WORKERS) bash scripts/setup.sh test

# The search benchmark (not a test): BENCH_N synthetic datasets in their own
# database, figures printed and written to bench/results-$(BENCH_N).md.
BENCH_ENV := CKAN_SQLALCHEMY_URL=$(SATUDATA_BENCH_DB_URL) \
	CKAN_REDIS_URL=$(SATUDATA_BENCH_REDIS_URL)
bench:
	SATUDATA_DB_URL=$(SATUDATA_BENCH_DB_URL) bash scripts/setup.sh demo
	$(VENV)/bin/python -m pip install -q -c constraints.txt -e ".[bench]"
	$(BENCH_ENV) $(CKAN) -c ckan.ini db init
	$(BENCH_ENV) $(CKAN) -c ckan.ini db upgrade
	$(BENCH_ENV) $(VENV)/bin/python bench/search.py -c ckan.ini -n $(BENCH_N)

lint:
	$(VENV)/bin/ruff check ckanext tests bench

# Extract the messages and update the id/en catalogues (translate, then
# `make demo`/`make test` compile them).
i18n:
	$(VENV)/bin/python setup.py -q extract_messages
	$(VENV)/bin/python setup.py -q update_catalog
