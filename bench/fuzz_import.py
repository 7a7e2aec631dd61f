"""A long fuzz campaign over `iro import`: thousands of damaged files, and the figures.

Run: .venv/bin/python bench/fuzz_import.py [--files 2000] [--seed N] [--keep FOLDER]

Each file is one of the project's own template files (workbook, .zip of CSVs, one CSV)
filled with good rows and then damaged one to three ways (tests/import_fuzz_mutations.py),
imported into one fresh encrypted store. Prints how many files were tried, accepted and
refused (by kind of reason), and every failure: an exception that escaped (a crash), a
refused file that changed the store (a partial write), a message that is not one located
line, a workbook row not imported, or a second import that changed something. With --keep,
each failing file is saved there under its number; the same seed and number always give the
same bytes (tests.import_fuzzing.mutated). Exits with status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iro_desktop.store import MINIMUM_KDF, Store  # noqa: E402
from tests.import_fuzzing import Outcome, campaign  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000, help="how many files to try")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="campaign seed")
    parser.add_argument("--keep", type=Path, help="a folder to save every failing file in")
    args = parser.parse_args(argv)

    def keep(outcome: Outcome, data: bytes) -> None:
        if args.keep is not None and outcome.status not in ("accepted", "refused"):
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / f"{args.seed}-{outcome.number}-{outcome.seed}").write_bytes(data)
        if (outcome.number + 1) % 250 == 0:
            print(f"  … {outcome.number + 1:,} files", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="iro-fuzz-") as folder:
        work = Path(folder)
        store = Store.create(work / "fuzz.irostore", "correct horse battery staple",
                             kdf=MINIMUM_KDF)
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            figures = campaign(store, work, args.files, args.seed, keep)
        finally:
            store.close()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    refused = sum(figures.refused.values())
    print(f"Import fuzz campaign, seed {args.seed}")
    print(f"  files tried     {figures.tried:>8,}")
    print(f"  accepted        {figures.accepted:>8,}")
    print(f"  refused         {refused:>8,}  ({len(figures.refused)} kinds of reason)")
    print(f"  failures        {len(figures.failures):>8,}")
    for status in ("crash", "partial write", "bad message", "rows missed", "not idempotent"):
        count = sum(1 for o in figures.failures if o.status == status)
        print(f"    {status:<14}{count:>8,}")
    print(f"  CPU time        {cpu:>8.1f} s (imports alone {figures.cpu:.1f} s; "
          f"wall {wall:.1f} s)")
    if figures.slowest is not None:
        slowest = figures.slowest
        print(f"  slowest file    {slowest.cpu:>8.3f} s CPU (file {slowest.number}, "
              f"{slowest.seed}: {', '.join(slowest.mutations)})")
    print("Refused, by reason (most common first):")
    for reason, count in figures.refused.most_common():
        print(f"  {count:>6,}  {reason}")
    if figures.failures:
        print("Failures:")
        print(figures.failure_report())
    return 1 if figures.failures else 0


if __name__ == "__main__":
    sys.exit(main())
