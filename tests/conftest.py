"""Shared fixtures: paths to the shared corpus (skipped with a reason when absent) and a hypothesis profile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# "ci" is derandomized: the same examples on every run, so a red CI is a real regression, not a new draw.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("explore", max_examples=500, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
SEED = SHARED_CORPUS / "seed" / "000_2c192a6e3247354c.txt"


def need_shared() -> Path:
    """The shared corpus folder, or skip with a clear reason."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"../shared/corpus is absent (looked in {SHARED_CORPUS}); shared-corpus tests need it")
    return SHARED_CORPUS


@pytest.fixture
def shared_corpus() -> Path:
    return need_shared()


@pytest.fixture
def seed_path() -> Path:
    need_shared()
    if not SEED.is_file():
        pytest.skip(f"seed paper missing at {SEED}")
    return SEED
