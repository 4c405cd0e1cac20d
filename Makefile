# QA Desk — `make run` and `make test` are the whole quick start.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup run test lint bench eval clean system-deps translations

setup: system-deps $(STAMP) translations

# Compiled translations (.qm) are built from the .ts sources, never committed.
translations: $(STAMP)
	@for ts in resources/translations/*.ts; do \
		[ -e "$$ts" ] || continue; \
		$(VENV)/bin/pyside6-lrelease -silent "$$ts" -qm "$${ts%.ts}.qm"; \
	done

system-deps:
	@scripts/system-deps.sh

$(STAMP):
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: setup
	$(PY) -m qa_desk gui --demo

test: setup
	$(PY) -m ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check .

# Bytecode compiled first, as an installed app has it (an editable install compiles lazily,
# and not at all where PYTHONDONTWRITEBYTECODE is set), so start-up is timed as users see it.
bench: setup
	$(PY) -m compileall -q qa_desk
	$(PY) tools/bench.py --repeat 3

eval: setup
	$(PY) tools/evalset/generate.py build/evalset
	$(PY) tools/evalset/evaluate.py build/evalset --python $(PY) --gate

clean:
	rm -rf $(VENV) build .pytest_cache
