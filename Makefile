# Quick start: `make demo` runs kgbuild on its built-in sample; `make test`
# runs the test suite. Both create the virtual environment on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "kgbuild needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	touch $@

demo: $(STAMP)
	$(BIN)/kgbuild run -o kg-out
	@echo
	@echo "Outputs are in kg-out/: graph.ttl (RDF/Turtle), graph.gexf (Gephi), statements.jsonl"
	@echo "Try: $(BIN)/kgbuild query kg-out/graph.ttl --name who_said_what"

test: $(STAMP)
	$(BIN)/pytest

clean:
	rm -rf $(VENV) kg-out .pytest_cache
