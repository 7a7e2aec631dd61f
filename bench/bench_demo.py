"""Demo data benchmark: build the authority-scale store and count what it holds.

Run: .venv/bin/python bench/bench_demo.py [--children 1000] [--years 10] [--iros 13]

Times `generate_demo` into a fresh encrypted store in a temporary folder (1,000 children
looked after today, 10 years of history, 13 IROs by default) and prints the rows per
table. Target: well under a minute on a 2-core laptop.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iro_desktop.services.demo_data import generate_demo  # noqa: E402
from iro_desktop.store import MINIMUM_KDF, Store  # noqa: E402
from iro_desktop.store.models import Base  # noqa: E402

TARGET_SECONDS = 60.0
PASSPHRASE = "benchmark passphrase 1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--children", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--iros", type=int, default=13)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the date the store is built for (YYYY-MM-DD; default today)")
    args = parser.parse_args()

    def progress(done: int, total: int, message: str) -> None:
        print(f"\r   {message}: {done}/{total} children", end="", flush=True)

    with tempfile.TemporaryDirectory(prefix="iro-bench-demo-") as folder:
        path = Path(folder) / "demo.irostore"
        with Store.create(path, PASSPHRASE, kdf=MINIMUM_KDF) as store:
            began = time.perf_counter()
            summary = generate_demo(store, children=args.children, years=args.years,
                                    iros=args.iros, seed=args.seed, today=args.today,
                                    progress=progress)
            elapsed = time.perf_counter() - began
            print()
            with store.session() as session:
                counts = {table.name: session.scalar(select(func.count()).select_from(table))
                          for table in Base.metadata.sorted_tables}
        size = sum(p.stat().st_size for p in Path(folder).iterdir())

    total = sum(int(n or 0) for n in counts.values())
    print(f"generate_demo(children={args.children}, years={args.years}, iros={args.iros})")
    for name, n in counts.items():
        if n:
            print(f"   {name:20} {n:9,}")
    print(f"   {'total rows':20} {total:9,}")
    print(f"   store size           {size / 1e6:8.1f} MB")
    print(f"   built in             {elapsed:8.1f} s   ({total / elapsed:,.0f} rows/s; "
          f"target < {TARGET_SECONDS:.0f} s)")
    print(f"   summary: {summary}")
    return 0 if elapsed < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
