"""Shared pytest fixtures: paths to the repository's own files and the shared datasets."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.paths import ROOT

SHARED = ROOT.parent / "shared"
DATASETS = SHARED / "datasets"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    """`../shared/datasets`, or a clean skip with the reason when it is absent."""
    if not DATASETS.is_dir():
        pytest.skip(f"the shared datasets folder {DATASETS} is absent")
    return DATASETS
