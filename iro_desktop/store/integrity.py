"""Finding damage in a store, and saying in words which check found it.

Three checks, each on its own connection, because once SQLCipher meets a page whose HMAC
fails it refuses every later statement on that connection ("SQL logic error"), which is
what used to turn `iro check` into a traceback:
  - SQLCipher's page check (`PRAGMA cipher_integrity_check`): every page's HMAC, so any
    byte changed on disk is found;
  - SQLite's structure check (`PRAGMA integrity_check`, or the cheaper `quick_check`);
  - the links between records (`PRAGMA foreign_key_check`), once the structure is sound.
The full set reads every page (1.3 s + 3.4 s + 0.8 s on the 239 MB authority-scale demo
store), so opening runs `probe` instead: it walks each table and index from its root to
its first and last entries and to a few random rows, which decrypts and HMAC-checks a few
hundred pages in milliseconds (see README, Benchmarks).
"""

from __future__ import annotations

import contextlib
import logging
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as sqlcipher

from .backup_catalogue import BackupFile, default_backup_dir, newest_backup

if TYPE_CHECKING:
    from .database import Store

log = logging.getLogger(__name__)

CIPHER = "SQLCipher page check (PRAGMA cipher_integrity_check)"
STRUCTURE = "SQLite structure check (PRAGMA integrity_check)"
QUICK_STRUCTURE = "SQLite structure check (PRAGMA quick_check)"
LINKS = "links between records (PRAGMA foreign_key_check)"
SAMPLE = "sample of pages read on opening"

#: How many problems of one check are spelt out; the rest are counted.
SHOWN_PROBLEMS = 4
#: Random rows read from each table when the store is opened.
PROBE_ROWS_PER_TABLE = 8

ConnectionSource = Callable[[], contextlib.AbstractContextManager[Any]]


@dataclass(frozen=True)
class CheckResult:
    """One check: its name, the problems it found (in words), and whether it ran."""

    check: str
    problems: tuple[str, ...] = ()
    ran: bool = True

    @property
    def ok(self) -> bool:
        return self.ran and not self.problems

    def line(self) -> str:
        if not self.ran:
            return f"{self.check}: not run ({self.problems[0] if self.problems else 'skipped'})"
        if not self.problems:
            return f"{self.check}: ok"
        return f"{self.check}: DAMAGED - " + "; ".join(self.problems)


@dataclass(frozen=True)
class IntegrityReport:
    results: tuple[CheckResult, ...]

    @property
    def damaged(self) -> bool:
        return any(r.ran and r.problems for r in self.results)

    def failed_checks(self) -> list[str]:
        return [r.check for r in self.results if r.ran and r.problems]

    def problem_lines(self) -> list[str]:
        return [f"{r.check}: {p}" for r in self.results if r.ran for p in r.problems]


@contextlib.contextmanager
def store_connection(store: Store) -> Iterator[Any]:
    """A pooled DBAPI connection of the store, thrown away (not pooled) after an error.

    It passes the store's gate like a unit of work, so a re-key never swaps the file
    under a check or a backup."""
    gate = getattr(store, "_gate", None)
    with gate.using() if gate is not None else contextlib.nullcontext():
        raw = store.engine.raw_connection()
        try:
            yield raw.driver_connection
        except BaseException:
            raw.invalidate()
            raise
        else:
            raw.close()


def in_words(exc: BaseException) -> str:
    message = str(exc).strip() or type(exc).__name__
    lowered = message.lower()
    if "malformed" in lowered or "not a database" in lowered or "logic error" in lowered:
        return f"part of the file cannot be read: it is damaged (SQLite: {message})"
    if "disk i/o" in lowered:
        return f"the disk reported an error reading the file (SQLite: {message})"
    if "locked" in lowered or "busy" in lowered:
        return "another program was writing to the store; try again in a moment"
    return f"the check could not finish (SQLite: {message})"


def _summarise(problems: list[str]) -> tuple[str, ...]:
    shown = problems[:SHOWN_PROBLEMS]
    if len(problems) > SHOWN_PROBLEMS:
        shown.append(f"and {len(problems) - SHOWN_PROBLEMS} more")
    return tuple(shown)


def _cipher(conn: Any, schema: str) -> list[str]:
    problems = []
    for (row,) in conn.execute(f"PRAGMA {schema}.cipher_integrity_check").fetchall():
        text = str(row)
        page = re.search(r"page (\d+)", text)
        problems.append(
            f"page {page.group(1)} fails its HMAC check (changed or damaged on disk)"
            if page
            else text
        )
    return problems


def _tree_names(source: ConnectionSource, schema: str) -> dict[str, str]:
    try:
        with source() as conn:
            rows = conn.execute(
                f"SELECT rootpage, type, name FROM {schema}.sqlite_master WHERE rootpage > 0"
            ).fetchall()
    except sqlcipher.Error:
        return {}
    return {str(root): f"{kind} {name}" for root, kind, name in rows}


def _structure(conn: Any, schema: str, thorough: bool, names: dict[str, str]) -> list[str]:
    """SQLite's findings grouped by the table or index they are in, so a hundred lines
    about one damaged table read as one sentence about that table."""
    pragma = "integrity_check" if thorough else "quick_check"
    by_tree: dict[str, list[str]] = {}
    unused: list[str] = []
    other: list[str] = []
    for (row,) in conn.execute(f"PRAGMA {schema}.{pragma}").fetchall():
        for line in str(row).splitlines():
            if line == "ok" or line.startswith("***"):
                continue
            tree = re.match(r"Tree (\d+) (.*)", line)
            if tree:
                where = names.get(tree.group(1), f"tree {tree.group(1)}")
                by_tree.setdefault(where, []).append(tree.group(2))
            elif line.endswith("never used"):
                unused.append(line)
            else:
                other.append(line)
    problems = [
        f"{where} is damaged ({len(found)} problem{'s' if len(found) > 1 else ''}, "
        f"the first: {found[0]})"
        for where, found in by_tree.items()
    ]
    if unused:
        problems.append(f"{len(unused)} pages belong to no table (lost when others broke)")
    return problems + other


def _links(conn: Any, schema: str) -> list[str]:
    return [
        f"a row of {table} (row {rowid}) points to a missing row of {parent}"
        for table, rowid, parent, *_ in conn.execute(
            f"PRAGMA {schema}.foreign_key_check"
        ).fetchall()
    ]


def _run(source: ConnectionSource, name: str, check: Callable[[Any], list[str]]) -> CheckResult:
    try:
        with source() as conn:
            problems = check(conn)
    except sqlcipher.Error as exc:
        return CheckResult(name, (in_words(exc),))
    return CheckResult(name, _summarise(problems))


def run_checks(
    source: ConnectionSource, schema: str = "main", *, thorough: bool = True
) -> IntegrityReport:
    """The page check, the structure check and (when thorough) the links check."""
    cipher = _run(source, CIPHER, lambda conn: _cipher(conn, schema))
    names = _tree_names(source, schema)
    structure = _run(
        source,
        STRUCTURE if thorough else QUICK_STRUCTURE,
        lambda conn: _structure(conn, schema, thorough, names),
    )
    results = [cipher, structure]
    if thorough:
        if structure.ok:
            results.append(_run(source, LINKS, lambda conn: _links(conn, schema)))
        else:
            results.append(
                CheckResult(LINKS, ("the structure must be sound first",), ran=False)
            )
    return IntegrityReport(tuple(results))


def full_check(store: Store) -> IntegrityReport:
    """Everything, on the open store: for `iro check` and a background check in the app."""
    return run_checks(lambda: store_connection(store))


# -- the cheap check on opening -----------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _probe_table(conn: Any, table: str, rng: random.Random, rows: int) -> None:
    # Two statements: SQLite answers a lone min() or max() from the b-tree's edge, but
    # both in one statement scan the whole table.
    (low,) = conn.execute(f"SELECT min(rowid) FROM {_quote(table)}").fetchone()
    (high,) = conn.execute(f"SELECT max(rowid) FROM {_quote(table)}").fetchone()
    if low is None or high is None:
        return
    targets = {low, high, *(rng.randint(low, high) for _ in range(rows))}
    for target in sorted(targets):
        conn.execute(
            f"SELECT * FROM {_quote(table)} WHERE rowid >= ? ORDER BY rowid LIMIT 1", (target,)
        ).fetchall()


def _probe_index(conn: Any, table: str, index: str) -> None:
    info = conn.execute(f"PRAGMA index_info({_quote(index)})").fetchall()
    if not info or info[0][2] is None:
        return  # an index on an expression: reached by the table's own walk
    column = _quote(info[0][2])
    for direction in ("ASC", "DESC"):
        try:
            conn.execute(
                f"SELECT {column} FROM {_quote(table)} INDEXED BY {_quote(index)} "
                f"ORDER BY {column} {direction} LIMIT 1"
            ).fetchall()
        except sqlcipher.OperationalError as exc:
            if "no query solution" in str(exc):
                return  # a partial index the planner may not use this way
            raise


def probe(conn: Any, *, rng: random.Random | None = None, rows: int = PROBE_ROWS_PER_TABLE) -> None:
    """Read the schema, every table's first, last and a few random rows, and both ends of
    every index; raises the SQLCipher/SQLite error that damage causes."""
    rng = rng or random.Random()
    objects = conn.execute(
        "SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index') "
        "AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name"
    ).fetchall()
    for kind, name, table in objects:
        if kind == "table":
            _probe_table(conn, name, rng, rows)
        else:
            _probe_index(conn, table, name)


def probe_store(store: Store, *, rng: random.Random | None = None) -> CheckResult:
    """The cheap check on opening, as a CheckResult (never raises for damage)."""
    try:
        with store_connection(store) as conn:
            probe(conn, rng=rng)
            page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    except sqlcipher.Error as exc:
        return CheckResult(SAMPLE, (in_words(exc),))
    size = store.path.stat().st_size
    if size % page_size:
        return CheckResult(SAMPLE, ("the file is cut short: it ends part-way through a page",))
    return CheckResult(SAMPLE)


# -- what the application shows when opening finds damage --------------------------------


@dataclass(frozen=True)
class DamageWarning:
    """Damage found on opening, and the newest backup to restore (None when there is none).

    The store is still open, so the IRO can read and copy out what is there; the message
    says to save nothing more and to restore the backup.
    """

    store_path: Path
    problems: tuple[str, ...]
    newest_backup: BackupFile | None
    backup_dir: Path

    @property
    def title(self) -> str:
        return "This store is damaged"

    @property
    def store_name(self) -> str:
        return self.store_path.name

    def message(self) -> str:
        found = "; ".join(self.problems)
        lead = (
            f"IRO Desktop found damage in {self.store_name} while opening it ({found}). "
            "Some of what is saved may be missing or unreadable, and saving more could "
            "spread the damage. "
        )
        if self.newest_backup is None:
            return lead + (
                f"There is no backup of this store in {self.backup_dir}. Close IRO Desktop, "
                "copy the store and its key file somewhere safe and ask IT support for help."
            )
        return lead + (
            f"Your newest backup is {self.newest_backup.describe()} in {self.backup_dir}. "
            "Close IRO Desktop and restore it with the command "
            f'iro restore "{self.newest_backup.path}" --store "{self.store_path}" (the '
            "damaged store is kept as a backup first), or ask IT support to."
        )


def check_on_open(store: Store, backup_dir: Path | None = None) -> DamageWarning | None:
    """The cheap check run whenever a store is opened; None when nothing was found."""
    result = probe_store(store)
    if result.ok:
        return None
    folder = backup_dir or default_backup_dir()
    warning = DamageWarning(
        store_path=store.path,
        problems=result.problems,
        newest_backup=newest_backup(store.store_id, folder),
        backup_dir=folder,
    )
    log.warning("%s", warning.message())
    return warning
