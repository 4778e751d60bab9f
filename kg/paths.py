"""Where polkg's own files live: the ontology, the shapes, the query library, the corpus.

The package is installed editable from the repository (`make` does this), so the folders
beside `kg/` are found relative to it; `POLKG_HOME` points elsewhere when needed.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("POLKG_HOME", Path(__file__).resolve().parent.parent))
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "polkg.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
QUERIES = ROOT / "queries"
DATA = ROOT / "data"
OUT = Path("out")
