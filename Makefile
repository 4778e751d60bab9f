# polkg: `make run` builds the corpus graph and everything it shows; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check bench bench-datasets lint eval fuzz mutation clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# build exits 1 when the graph has SHACL violations: the outputs are still written, and make stops.
run: $(STAMP)
	$(BIN)/polkg build
	$(BIN)/polkg docs -o out/ontology.html
	$(BIN)/polkg showcase
	$(BIN)/polkg viz -o out/network.html
	$(BIN)/polkg viz --format svg -o out/network.svg
	$(BIN)/polkg viz --format png -o out/network.png
	$(BIN)/polkg timeline -o out/timeline.html
	$(BIN)/polkg timeline --format png -o out/timeline.png
	@echo "Open out/network.html, out/sources.html, out/timeline.html and out/ontology.html in a browser."

test: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# precision, recall and F1 of `polkg extract` against the hand-written gold in tests/gold/
eval: $(STAMP)
	$(BIN)/python -m kg.extract.eval

# the quick inner loop: lint and the tests not marked slow (no whole-corpus builds)
check: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -m "not slow"

# a longer, randomised fuzz run of every loader (make test runs a short, reproducible one)
fuzz: $(STAMP)
	POLKG_FUZZ_EXAMPLES=1000 $(BIN)/python -m pytest -q tests/test_fuzz.py

# mutation testing of kg/consensus.py and kg/precision.py (README, "How the rules are tested");
# about 25 minutes on two cores
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,mutation]'
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

# `make bench` takes < 20 min (sizes 30-1000); `make bench BENCH_ARGS=--quick` runs 30 and 100 only.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# loading ParlGov and the Popolo file from ../shared/datasets and building them with the corpus
bench-datasets: $(STAMP)
	$(BIN)/python bench/datasets.py

lint: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) out .pytest_cache mutants
