"""Annual report benchmark: the whole report against one hand-written participation query.

Run: .venv/bin/python bench/bench_report.py [--rounds N] [--skip-10x]

Stores (built once, then reused; fictional data from `generate_demo`):
  /tmp/iro-bench/authority.irostore     1,000 children, 10 years, 13 IROs
  /tmp/iro-bench/authority10x.irostore  10,000 children, 10 years, 130 IROs

For each store and for two periods (the latest full financial year, and all 10 years)
it times `build_report` and, in the same run and on the same open store, a hand-written
SQL query computing the participation table. Targets (issue 7): the report under 1 s on
the authority store and under 5 s at 10x; each no more than 1.5x the hand-written query.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iro_desktop.domain.months import add_months  # noqa: E402
from iro_desktop.reports.figures import build_report  # noqa: E402
from iro_desktop.reports.scope import ReportScope  # noqa: E402
from iro_desktop.store import DEFAULT_KDF, Store, store_files  # noqa: E402

BENCH_DIR = Path(tempfile.gettempdir()) / "iro-bench"
BENCH_PASSPHRASE = "benchmark passphrase 1"
STORES = {
    "authority": (BENCH_DIR / "authority.irostore", 1000, 13, 1.0),
    "authority 10x": (BENCH_DIR / "authority10x.irostore", 10000, 130, 5.0),
}
RATIO_TARGET = 1.5

PARTICIPATION_SQL = text("""
    SELECT participation_code, COUNT(*)
    FROM review
    WHERE status IN ('held', 'finalised')
      AND deleted_at IS NULL
      AND meeting_date BETWEEN :date_from AND :date_to
    GROUP BY participation_code
""")


def ensure_store(path: Path, children: int, iros: int) -> None:
    """Build the demo store under a temporary name and rename it, so a crash leaves nothing."""
    if path.exists():
        return
    from iro_desktop.services.demo_data import generate_demo

    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f"{path.stem}.building-{os.getpid()}{path.suffix}")
    print(f"Building {path.name}: {children:,} children, 10 years, {iros} IROs ...", flush=True)
    started = time.perf_counter()
    with Store.create(building, BENCH_PASSPHRASE, kdf=DEFAULT_KDF) as store:
        summary = generate_demo(store, children=children, years=10, iros=iros)
        store.checkpoint()
    for source, target in zip(store_files(building), store_files(path), strict=True):
        if source.exists():
            source.rename(target)
    print(
        f"  {summary.reviews:,} reviews, {summary.audits:,} audits, "
        f"{summary.challenges:,} challenges in {time.perf_counter() - started:.0f} s"
    )


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call (CPU time shows a busy machine's share)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def latest_financial_year(today: date) -> tuple[date, date]:
    end_year = today.year if today.month >= 4 else today.year - 1
    return date(end_year - 1, 4, 1), date(end_year, 3, 31)


def bench_store(name: str, path: Path, target: float, rounds: int) -> list[str]:
    today = date.today()
    periods = {
        "latest full year": latest_financial_year(today),
        "all 10 years": (add_months(today, -120), today),
    }
    lines: list[str] = []
    with Store.open(path, BENCH_PASSPHRASE) as store:
        for label, (date_from, date_to) in periods.items():
            scope = ReportScope(date_from, date_to)
            params = {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()}

            def hand_written(params: dict[str, str] = params) -> object:
                with store.engine.connect() as conn:
                    return conn.execute(PARTICIPATION_SQL, params).all()

            def report(scope: ReportScope = scope) -> object:
                return build_report(store, scope)

            report()  # warm the page cache and the code lists for both
            hand_written()
            report_runs, query_runs = [], []
            for _ in range(rounds):  # interleaved, so both see the same cache state
                report_runs.append(timed(report))
                query_runs.append(timed(hand_written))
            built = build_report(store, scope)
            r = statistics.median(w for w, _ in report_runs)
            q = statistics.median(w for w, _ in query_runs)
            r_cpu = statistics.median(c for _, c in report_runs)
            q_cpu = statistics.median(c for _, c in query_runs)
            ratio = r / q if q else float("inf")
            lines.append(
                f"{name:<14} {label:<17} {built.reviews.held:>8,} reviews | report "
                f"{r * 1000:7.0f} ms (CPU {r_cpu * 1000:5.0f}) | participation SQL "
                f"{q * 1000:5.0f} ms (CPU {q_cpu * 1000:4.0f}) | ratio {ratio:5.1f}x | "
                f"< {target:.0f} s: {'met' if r < target else 'MISSED'}; "
                f"<= {RATIO_TARGET}x: {'met' if ratio <= RATIO_TARGET else 'MISSED'}"
            )
            print(lines[-1], flush=True)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-10x", action="store_true", help="only the authority store")
    args = parser.parse_args()
    for name, (path, children, iros, target) in STORES.items():
        if args.skip_10x and children > 1000:
            continue
        ensure_store(path, children, iros)
        bench_store(name, path, target, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
