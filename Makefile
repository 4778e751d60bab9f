# polkg: `make run` builds the corpus graph and everything it shows; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench bench-datasets lint clean

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
	@echo "Open out/network.html, out/timeline.html and out/ontology.html in a browser."

test: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

# loading ParlGov and the Popolo file from ../shared/datasets and building them with the corpus
bench-datasets: $(STAMP)
	$(BIN)/python bench/datasets.py

lint: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) out .pytest_cache
