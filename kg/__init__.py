"""polkg: a knowledge graph of political events, every fact traceable to its sentence."""

__version__ = "0.1.0"
