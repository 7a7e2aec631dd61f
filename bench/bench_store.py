"""Store benchmarks: the cost of encryption, the journal mode, and opening a big store.

Run: .venv/bin/python bench/bench_store.py [--rounds N]

1. The same realistic read/write mix (add children with reviews, load the caseload,
   save review text one transaction at a time, read a child's record) on plain SQLite
   and on SQLCipher, both with WAL + synchronous=FULL + temp_store=MEMORY. Target: the
   SQLCipher run no more than 1.3x the plain one.
2. WAL versus a rollback journal (both synchronous=FULL) for small commits: the figure
   behind the choice of JOURNAL_MODE in iro_desktop/store/database.py.
3. Opening the authority-scale demo store (1,000 children, 10 years, 13 IROs): key
   unwrapping (Argon2id) plus opening and checking the schema. Target: under 0.3 s.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select, update
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iro_desktop.store import DEFAULT_KDF, Store  # noqa: E402
from iro_desktop.store.models import Base, Child, Decision, PeriodOfCare, Review  # noqa: E402

BENCH_DIR = Path(tempfile.gettempdir()) / "iro-bench"
AUTHORITY = BENCH_DIR / "authority.irostore"
BENCH_PASSPHRASE = "benchmark passphrase 1"


def plain_engine(path: Path, journal_mode: str = "WAL") -> Engine:
    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(str(path), check_same_thread=False)
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA journal_mode = {journal_mode}")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    event.listen(engine, "connect", lambda c, _r: setattr(c, "isolation_level", None))
    event.listen(engine, "begin", lambda c: c.exec_driver_sql("BEGIN"))
    Base.metadata.create_all(engine)
    return engine


def workload(engine: Engine, children: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    start = date(2020, 1, 6)
    with Session(engine) as session, session.begin():
        for i in range(children):
            child = Child(
                local_id=f"B{i:06d}",
                first_name=f"First{i}",
                last_name=f"Last{i}",
                date_of_birth=start - timedelta(days=rng.randint(400, 6000)),
            )
            child.periods.append(
                PeriodOfCare(
                    start_date=start, legal_status="C2", placement_type="U4", category_of_need="N1"
                )
            )
            for n in range(6):
                review = Review(
                    number=n + 1,
                    status="finalised",
                    meeting_date=start + timedelta(days=30 + 180 * n),
                    young_person_views="I like my school and my carers. " * 20,
                    parents_views="We would like more family time. " * 10,
                )
                review.decisions = [
                    Decision(
                        text=f"Action {k} " * 8,
                        owner="Social worker",
                        target_date=start + timedelta(days=200 * n + k),
                    )
                    for k in range(4)
                ]
                child.reviews.append(review)
            session.add(child)
    with Session(engine) as session:
        ids = [row[0] for row in session.execute(select(Review.id)).all()]
    for _ in range(3):
        with Session(engine) as session:
            session.execute(
                select(Child.id, Child.last_name, PeriodOfCare.legal_status)
                .join(PeriodOfCare)
                .order_by(Child.last_name)
            ).all()
    for review_id in rng.sample(ids, min(150, len(ids))):
        with Session(engine) as session, session.begin():
            session.execute(
                update(Review)
                .where(Review.id == review_id)
                .values(young_person_views="Updated words. " * 200)
            )
    for review_id in rng.sample(ids, min(300, len(ids))):
        with Session(engine) as session:
            review = session.get(Review, review_id)
            assert review is not None
            _ = [d.text for d in review.decisions]


def timed(fn: Callable[[], None]) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def encryption_cost(rounds: int, children: int) -> None:
    print(f"\n1. Encryption cost: read/write mix with {children} children x 6 reviews")
    plain_times, cipher_times = [], []
    for r in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            engine = plain_engine(folder / "plain.db")
            plain_times.append(timed(lambda e=engine, s=r: workload(e, children, seed=s)))
            engine.dispose()
            store = Store.create(folder / "cipher.irostore", BENCH_PASSPHRASE)
            cipher_times.append(timed(lambda st=store, s=r: workload(st.engine, children, seed=s)))
            store.close()
    plain, cipher = statistics.median(plain_times), statistics.median(cipher_times)
    print(f"   plain SQLite : {plain * 1000:8.1f} ms (median of {rounds})")
    print(f"   SQLCipher    : {cipher * 1000:8.1f} ms")
    print(f"   ratio        : {cipher / plain:8.2f}x   (target <= 1.30x)")


def journal_modes(commits: int) -> None:
    print(f"\n2. Journal mode: {commits} small commits, SQLCipher, synchronous=FULL")
    results = {}
    for mode in ("WAL", "DELETE"):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store.create(Path(tmp) / "j.irostore", BENCH_PASSPHRASE, journal_mode=mode)
            with store.session() as session:
                child = Child(
                    local_id="J1", first_name="A", last_name="B", date_of_birth=date(2015, 1, 1)
                )
                child.reviews.append(Review(number=1))
                session.add(child)
                session.flush()
                review_id = child.reviews[0].id

            def commit_many(store: Store = store, review_id: str = review_id) -> None:
                for i in range(commits):
                    with store.session() as session:
                        session.execute(
                            update(Review)
                            .where(Review.id == review_id)
                            .values(young_person_views=f"draft {i} " * 300)
                        )

            results[mode] = timed(commit_many)
            store.close()
    for mode, seconds in results.items():
        print(f"   {mode:7}: {seconds * 1000 / commits:6.2f} ms per commit")
    print(f"   DELETE / WAL: {results['DELETE'] / results['WAL']:.2f}x")


def ensure_authority_store() -> None:
    if AUTHORITY.exists():
        return
    from iro_desktop.services.demo_data import generate_demo

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    print(f"   building the authority-scale demo store (once; cached in {BENCH_DIR})...")
    began = time.perf_counter()
    with Store.create(AUTHORITY, BENCH_PASSPHRASE, kdf=DEFAULT_KDF) as store:
        summary = generate_demo(store, children=1000, years=10, iros=13)
    print(f"   built in {time.perf_counter() - began:.1f} s: {summary}")


def open_time(rounds: int) -> None:
    print("\n3. Opening the authority-scale store (1,000 children, 10 years, 13 IROs)")
    ensure_authority_store()
    unwrap, total = [], []
    from iro_desktop.store.keyfile import KeyFile, key_path_for

    for _ in range(rounds):
        began = time.perf_counter()
        KeyFile.read(key_path_for(AUTHORITY)).unwrap(BENCH_PASSPHRASE)
        unwrap.append(time.perf_counter() - began)
        began = time.perf_counter()
        store = Store.open(AUTHORITY, BENCH_PASSPHRASE)
        with store.session() as session:
            session.execute(select(Child.id).limit(1)).all()
        total.append(time.perf_counter() - began)
        store.close()
    print(f"   Argon2id unwrap alone : {statistics.median(unwrap) * 1000:6.1f} ms")
    print(f"   open + first query    : {statistics.median(total) * 1000:6.1f} ms (target < 300 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--children", type=int, default=300)
    parser.add_argument("--skip-authority", action="store_true")
    args = parser.parse_args()
    encryption_cost(args.rounds, args.children)
    journal_modes(200)
    if not args.skip_authority:
        open_time(args.rounds)


if __name__ == "__main__":
    main()
