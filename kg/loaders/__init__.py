"""Loaders: one module per input kind, each turning files into RDF (see `registry`)."""
