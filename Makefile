# Quick start: `make demo` runs kgbuild on its built-in sample; `make test`
# runs the test suite. Both create the virtual environment on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The network view's JavaScript (sigma.js, graphology) bundled from npm into the package: built here, never fetched at run time.
BUNDLE := kg/web/static/network.bundle.js

.PHONY: demo test install clean faults fuzz

install: $(STAMP) $(BUNDLE)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "kgbuild needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	touch $@

$(BUNDLE): web/package.json web/package-lock.json web/src/network.js
	@command -v npm >/dev/null || { echo "kgbuild needs npm (Node.js 18 or newer) to bundle the network view of kgbuild serve"; exit 1; }
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && npm run --silent build

demo: $(STAMP) $(BUNDLE)
	$(BIN)/kgbuild run -o kg-out
	@echo
	@echo "Outputs are in kg-out/: graph.ttl (RDF/Turtle), graph.jsonld (JSON-LD), graph.gexf and people.gexf (Gephi),"
	@echo "statements.jsonl, graph.oxigraph/ (the SPARQL store) and articles.sqlite (what --update adds to)"
	@echo "Try: $(BIN)/kgbuild query kg-out --name who_said_what"
	@echo " or: $(BIN)/kgbuild serve kg-out   (pages and a SPARQL endpoint at http://127.0.0.1:8000/)"

test: $(STAMP) $(BUNDLE)
	$(BIN)/pytest

# A good output survives kill -9 at 14 points of a run, a full disk, a read-only folder and a run that
# reads nothing (bench/faults.py; a few minutes). The disk cases mount a small tmpfs: run as root, else skipped.
faults: $(STAMP)
	$(BIN)/python bench/faults.py

# The fuzz test of `make test` (tests/test_fuzz.py: 100 derandomized examples, about 1,050 random files
# and JSONL lines) at length: new random examples until FUZZ_CASES inputs (default 10,000) have run.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/pytest tests/test_fuzz.py -p no:cacheprovider -q -s

clean:
	rm -rf $(VENV) kg-out .pytest_cache web/node_modules $(BUNDLE)
