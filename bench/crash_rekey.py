"""Kill a passphrase change at hundreds of random points and report what was left.

Run: .venv/bin/python bench/crash_rekey.py [--runs N] [--seed S]    (POSIX only)

Each run copies a small store of fictional children (quickest key derivation), starts a
passphrase change in a child process and SIGKILLs it at a seeded random kill point (file
operations and progress reports of the copy, counted rather than timed); about a third of
runs also kill the recovery done by the next open. The store must then open with exactly
one of the two passphrases, with every record and a clean integrity check
(tests/rekey_crash.py). Prints every run and a summary.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.rekey_crash import run_campaign  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if sys.platform == "win32":
        print("crash_rekey needs SIGKILL (POSIX); nothing to do on Windows.")
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="iro-crash-rekey-") as folder:
        campaign = run_campaign(args.runs, args.seed, Path(folder), print)
    print(campaign.summary())
    print(f"{time.perf_counter() - started:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
