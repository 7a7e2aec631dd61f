"""Kill a passphrase change at random points and check what is left (POSIX only: SIGKILL).

Shared by tests/test_rekey_crash.py (a few runs in every suite) and bench/crash_rekey.py
(hundreds on demand). Kill points are counted, not timed, so a run does the same on a
slow machine as on a fast one: a child process counts every file operation of the change
(os.open, os.replace, os.fsync, os.unlink, before and after each) and every progress
report of the copy (taken between SQLite's page writes), and sends itself SIGKILL at the
chosen count. Some runs also kill the recovery that the next open performs. After each
run the store must open with exactly one of the two passphrases, hold every record written
before the change, pass its integrity check, and have no leftover files.

Child: python -m tests.rekey_crash change|open STORE KILL_AT
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from iro_desktop.store import MINIMUM_KDF, Store, StoreError, WrongPassphraseError
from iro_desktop.store.models import Child, PeriodOfCare

ROOT = Path(__file__).resolve().parent.parent
OLD = "correct horse battery staple"
NEW = "pebble orchard lantern vivid"
EXTRA_CHILDREN = 3
_PATCHED = ("open", "replace", "fsync", "unlink")


# -- the child ---------------------------------------------------------------------


class _Killer:
    def __init__(self, kill_at: int) -> None:
        self.kill_at = kill_at
        self.events = 0

    def event(self) -> None:
        self.events += 1
        if self.events == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def install(self) -> None:
        for name in _PATCHED:
            setattr(os, name, self._wrap(getattr(os, name)))

    def _wrap(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.event()
            result = real(*args, **kwargs)
            self.event()
            return result

        return counted


def _add_children(store: Store, count: int) -> list[str]:
    ids = []
    with store.session() as session:
        for n in range(count):
            child = Child(local_id=f"CRASH{n:03d}", first_name="Wrenna", last_name=f"Tull{n}",
                          date_of_birth=date(2013, 5, 1 + n))
            child.periods.append(PeriodOfCare(start_date=date(2024, 2, 5), legal_status="C2",
                                              placement_type="U4", category_of_need="N1"))
            session.add(child)
            session.flush()
            ids.append(child.id)
    return ids


def child_main(argv: list[str]) -> int:
    phase, path, kill_at = argv[0], Path(argv[1]), int(argv[2])
    killer = _Killer(kill_at)
    if phase == "change":
        with Store.open(path, OLD) as store:
            ids = _add_children(store, EXTRA_CHILDREN)
            print("WROTE", *ids, flush=True)
            killer.install()
            store.change_passphrase(OLD, NEW, progress=lambda _done, _total: killer.event())
    else:
        killer.install()
        with contextlib.suppress(WrongPassphraseError):
            Store.open(path, "not either passphrase, only recovery").close()
    print("EVENTS", killer.events, flush=True)
    return 0


# -- the parent --------------------------------------------------------------------


def make_base_store(folder: Path) -> tuple[Path, dict[str, str]]:
    """A store of fictional children with the quickest key derivation; its children by id."""
    from iro_desktop.services.demo_data import generate_demo

    path = folder / "base.irostore"
    with Store.create(path, OLD, kdf=MINIMUM_KDF) as store:
        generate_demo(store, children=20, years=2, seed=7)
    return path, children_of(path, OLD)


def children_of(path: Path, passphrase: str) -> dict[str, str]:
    with Store.open(path, passphrase) as store, store.read_session() as session:
        rows = session.execute(select(Child.id, Child.first_name, Child.last_name)).all()
    return {row.id: f"{row.first_name} {row.last_name}" for row in rows}


def _copy_store(base: Path, target: Path) -> None:
    for source in base.parent.iterdir():
        if source.name.startswith(base.name):
            shutil.copy2(source, target.parent / source.name.replace(base.name, target.name, 1))


def _run_child(phase: str, path: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "tests.rekey_crash", phase, str(path), str(kill_at)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def _events(result: subprocess.CompletedProcess[str]) -> int:
    if result.returncode != 0:
        raise AssertionError(f"child failed: {result.returncode}\n{result.stderr[-3000:]}")
    return int(result.stdout.split("EVENTS")[1].split()[0])


@dataclass
class Campaign:
    """Figures for the report: runs, kill points chosen, which passphrase opened after."""

    runs: int = 0
    change_events: int = 0
    kill_points: set[int] = field(default_factory=set)
    outcomes: Counter[str] = field(default_factory=Counter)
    by_point: dict[int, set[str]] = field(default_factory=dict)
    recovery_kills: int = 0

    def summary(self) -> str:
        old = [k for k, seen in self.by_point.items() if "old" in seen]
        new = [k for k, seen in self.by_point.items() if "new" in seen]
        boundary = (f"; killed at <= {max(old)} opened with the old passphrase, at >= "
                    f"{min(new)} with the new" if old and new else "")
        return (f"{self.runs} runs; {self.change_events} kill points in a change, "
                f"{len(self.kill_points)} distinct used; {self.recovery_kills} runs also "
                f"killed the recovery; outcomes {dict(sorted(self.outcomes.items()))}"
                f"{boundary}")


@dataclass(frozen=True)
class _Plan:
    run: int
    kill_at: int
    recovery_kill_at: int | None


def _open_exactly_one(path: Path) -> tuple[str, Store]:
    opened: list[tuple[str, Store]] = []
    for name, passphrase in (("old", OLD), ("new", NEW)):
        try:
            opened.append((name, Store.open(path, passphrase)))
        except WrongPassphraseError:
            continue
        except StoreError as exc:
            raise AssertionError(f"the store does not open after the kill: {exc}") from exc
    if len(opened) != 1:
        for _name, store in opened:
            store.close()
        raise AssertionError(f"exactly one passphrase must open the store, got {opened}")
    return opened[0]


def check_after_kill(path: Path, expected: dict[str, str]) -> str:
    """Which passphrase opens the store after a kill; raises if anything is wrong (both or
    neither passphrase, a record missing, a failed integrity check, leftover files)."""
    outcome, store = _open_exactly_one(path)
    with store:
        with store.read_session() as session:
            rows = session.execute(select(Child.id, Child.first_name, Child.last_name)).all()
        found = {row.id: f"{row.first_name} {row.last_name}" for row in rows}
        assert found == expected, "records were lost"
        assert store.integrity_check() == []
    leftovers = [p.name for p in path.parent.iterdir()
                 if p.name.startswith((path.name, f".{path.name}")) and "rekey" in p.name]
    assert not leftovers, f"left behind: {leftovers}"
    return outcome


def _one_run(plan: _Plan, base: Path, base_children: dict[str, str], workdir: Path) -> str:
    path = workdir / f"run{plan.run}.irostore"
    _copy_store(base, path)
    result = _run_child("change", path, plan.kill_at)
    assert result.returncode in (0, -signal.SIGKILL), result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    wrote = result.stdout.split("WROTE")[1].split("\n")[0].split()
    expected = {**base_children, **{i: f"Wrenna Tull{n}" for n, i in enumerate(wrote)}}
    if plan.recovery_kill_at is not None:
        again = _run_child("open", path, plan.recovery_kill_at)
        assert again.returncode in (0, -signal.SIGKILL), again.stderr[-3000:]
    outcome = check_after_kill(path, expected)
    for stale in workdir.iterdir():
        if stale.name.startswith((path.name, f".{path.name}")):
            stale.unlink()
    return outcome


def run_campaign(runs: int, seed: int, workdir: Path,
                 report: Callable[[str], None] | None = None) -> Campaign:
    """`runs` kills at seeded random points, a few at a time (each run is its own store and
    its own processes, and kill points are counted, so running side by side changes
    nothing but the wall time)."""
    from concurrent.futures import ThreadPoolExecutor

    base, base_children = make_base_store(workdir)
    rng = random.Random(seed)
    campaign = Campaign()
    calibration = workdir / "calibrate.irostore"
    _copy_store(base, calibration)
    campaign.change_events = _events(_run_child("change", calibration, 0))
    plans = [_Plan(run, rng.randint(1, campaign.change_events),
                   rng.randint(1, 12) if rng.random() < 0.3 else None) for run in range(runs)]
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        outcomes = pool.map(lambda plan: _one_run(plan, base, base_children, workdir), plans)
        for plan, outcome in zip(plans, outcomes, strict=True):
            campaign.runs += 1
            campaign.kill_points.add(plan.kill_at)
            campaign.by_point.setdefault(plan.kill_at, set()).add(outcome)
            campaign.outcomes[outcome] += 1
            campaign.recovery_kills += plan.recovery_kill_at is not None
            if report is not None:
                report(f"run {plan.run + 1}/{runs}: killed at {plan.kill_at}/"
                       f"{campaign.change_events}"
                       + (f", recovery killed at {plan.recovery_kill_at}"
                          if plan.recovery_kill_at else "")
                       + f" -> opens with the {outcome} passphrase only")
    return campaign


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
