"""What keeping the store safe costs, on the authority-scale demo store.

Run: .venv/bin/python bench/bench_store_safety.py [--rounds N]

1. The check on opening (integrity.probe_store): opening with and without it, and the
   probe alone, against the baseline of opening without it. Target: a few per cent of
   the open, never the full checks' seconds.
2. The full checks that `iro check` runs, each on its own: cipher_integrity_check,
   integrity_check, foreign_key_check, and quick_check for comparison.
3. A backup (VACUUM INTO, fsync, verification by page check + quick_check) and a restore.
The store is the one bench_store.py builds and caches (1,000 children, 10 years, 13 IROs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import AUTHORITY, BENCH_PASSPHRASE, ensure_authority_store  # noqa: E402

from iro_desktop.store import Store, database, integrity  # noqa: E402
from iro_desktop.store.backup import backup_store  # noqa: E402
from iro_desktop.store.integrity import store_connection  # noqa: E402
from iro_desktop.store.restore import restore_backup  # noqa: E402


def open_check(rounds: int) -> None:
    print("\n1. The check on opening")
    from iro_desktop.store.database import JOURNAL_MODE
    from iro_desktop.store.keyfile import KeyFile, key_path_for

    key_file = KeyFile.read(key_path_for(AUTHORITY))
    data_key = key_file.unwrap(BENCH_PASSPHRASE)
    real = database.check_on_open
    with_check, without, probe = [], [], []
    for _ in range(rounds):  # interleaved, so a busy machine weighs on both alike
        for hook, times in ((real, with_check), (lambda store, backup_dir=None: None, without)):
            database.check_on_open = hook  # type: ignore[assignment]
            began = time.perf_counter()
            Store.open(AUTHORITY, BENCH_PASSPHRASE).close()
            times.append(time.perf_counter() - began)
        database.check_on_open = real
        fresh = Store(AUTHORITY, data_key, key_file, JOURNAL_MODE)  # an empty page cache
        began = time.perf_counter()
        integrity.probe_store(fresh)
        probe.append(time.perf_counter() - began)
        fresh.close()
    base, checked = statistics.median(without) * 1000, statistics.median(with_check) * 1000
    print(f"   open without the check     : {base:7.1f} ms (baseline)")
    print(f"   open with the check        : {checked:7.1f} ms ({checked / base:.2f}x)")
    print(f"   the probe, fresh connection: {statistics.median(probe) * 1000:7.1f} ms median, "
          f"{min(probe) * 1000:.1f} ms best")


def full_checks() -> None:
    print("\n2. The full checks (each once, on a fresh connection)")
    with Store.open(AUTHORITY, BENCH_PASSPHRASE) as store:
        for pragma in ("cipher_integrity_check", "quick_check", "integrity_check",
                       "foreign_key_check"):
            began = time.perf_counter()
            with store_connection(store) as conn:
                conn.execute(f"PRAGMA {pragma}").fetchall()
            print(f"   {pragma:24s}: {(time.perf_counter() - began) * 1000:7.0f} ms")


def backup_and_restore() -> None:
    print("\n3. A backup and a restore")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Store.open(AUTHORITY, BENCH_PASSPHRASE) as store:
            began = time.perf_counter()
            made = backup_store(store, folder=folder / "backups")
            made_ms = (time.perf_counter() - began) * 1000
        size = made.stat().st_size / 1e6
        print(f"   backup, fsync and verify : {made_ms:7.0f} ms ({size:.0f} MB)")
        began = time.perf_counter()
        restore_backup(made, folder / "restored.irostore", BENCH_PASSPHRASE,
                       backup_dir=folder / "backups")
        print(f"   restore (check + swap)   : {(time.perf_counter() - began) * 1000:7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    ensure_authority_store()
    open_check(args.rounds)
    full_checks()
    backup_and_restore()


if __name__ == "__main__":
    main()
