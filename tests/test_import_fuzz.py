"""A bounded fuzz run of the import: a few hundred damaged files, the same ones every run.

No file may make the import raise, write part of itself, answer with a message that is not
one located line, miss a row a workbook holds, or change the store when imported twice
(tests/import_fuzzing.py says how). bench/fuzz_import.py runs longer campaigns with any seed;
IRO_FUZZ_FILES and IRO_FUZZ_SEED change this run's size and seed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iro_desktop.store import Store

from .import_fuzzing import campaign

FILES = int(os.environ.get("IRO_FUZZ_FILES", "300"))
SEED = int(os.environ.get("IRO_FUZZ_SEED", "20260115"))


@pytest.mark.slow
def test_damaged_files_are_refused_cleanly_and_never_half_imported(store: Store,
                                                                   tmp_path: Path) -> None:
    figures = campaign(store, tmp_path, FILES, SEED)
    assert figures.tried == FILES
    assert not figures.failures, (
        f"{len(figures.failures)} of {FILES} files (seed {SEED}) broke the import; make one "
        f"again with tests.import_fuzzing.mutated(seeds, {SEED}, number):\n"
        + figures.failure_report())
    refused = sum(figures.refused.values())
    assert figures.accepted > 0 and refused > FILES // 2, "the mutations reach both outcomes"
    assert len(figures.refused) > 20, "the refusals cover many kinds of damage"
