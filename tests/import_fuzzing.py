"""A seeded fuzz campaign over `import_file`, shared by the test suite and bench/fuzz_import.py.

The seeds are files the project itself writes: the blank template (`iro import --template`,
as a workbook and as CSVs) filled with the good rows, as an .xlsx, a .zip of CSV files and one
CSV file. Each try damages a seed one to three ways (``import_fuzz_mutations``) and imports
it into one store. Whatever the file, the import must answer: no exception escapes, a refused
file leaves every table's row count as it was, every message is one line and names a sheet
(with row and column where there is one) or the file, and an accepted file imported again
changes nothing. File ``n`` of seed ``s`` is always the same bytes, so any failure can be
made again from its number.
"""

from __future__ import annotations

import csv
import io
import re
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from random import Random

from openpyxl import load_workbook

from iro_desktop.exchange.import_apply import import_file
from iro_desktop.exchange.import_result import ImportProblem
from iro_desktop.exchange.import_template import sheet_spec, write_template
from iro_desktop.store import Store

from . import import_fuzz_mutations as m
from .import_helpers import TODAY, Sheets, good_rows, sheet_part, table_counts, write_xlsx

FAILURES = ("crash", "partial write", "bad message", "rows missed", "not idempotent")


@dataclass(frozen=True)
class Seed:
    name: str
    data: bytes
    kind: str  # "xlsx", "zip" or "csv"
    sheet_parts: frozenset[str] = frozenset()
    shared_strings: bool = False


@dataclass
class Outcome:
    number: int
    seed: str
    mutations: list[str]
    status: str  # "accepted", "refused" or one of FAILURES
    detail: str = ""
    cpu: float = 0.0


@dataclass
class Figures:
    tried: int = 0
    accepted: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    failures: list[Outcome] = field(default_factory=list)
    cpu: float = 0.0
    slowest: Outcome | None = None

    def add(self, outcome: Outcome) -> None:
        self.tried += 1
        self.cpu += outcome.cpu
        if self.slowest is None or outcome.cpu > self.slowest.cpu:
            self.slowest = outcome
        if outcome.status == "accepted":
            self.accepted += 1
        elif outcome.status == "refused":
            self.refused[outcome.detail] += 1
        else:
            self.failures.append(outcome)

    def failure_report(self) -> str:
        return "\n\n".join(f"file {o.number} ({o.seed}: {', '.join(o.mutations)}): {o.status}\n"
                           f"{o.detail}" for o in self.failures[:10])


def _csv_rows(name: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(good_rows()[name])
    return buffer.getvalue()


def _dated_rows() -> Sheets:
    """The good rows with real dates where they are written YYYY-MM-DD."""
    rows = good_rows()
    for sheet in rows.values():
        for row in sheet:
            for index, value in enumerate(row):
                if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
                    row[index] = date.fromisoformat(value)
    return rows


def make_seeds(folder: Path) -> list[Seed]:
    """The good rows in the project's own templates: workbooks (as openpyxl writes them, and
    with shared strings and date cells as Excel does), a .zip of CSVs and one CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    book = write_xlsx(folder / "history.xlsx", good_rows())
    parts = frozenset(sheet_part(book, name) for name in good_rows())
    excel = write_xlsx(folder / "excel.xlsx", _dated_rows())
    blank = folder / "template.xlsx"
    write_template(blank)
    csvs = folder / "csv"
    write_template(csvs)
    members = [(p.name, p.read_bytes() + _csv_rows(p.stem).encode())
               for p in sorted(csvs.glob("*.csv"))]
    reviews = dict(members)["reviews.csv"]
    return [Seed("history.xlsx", m.steady(book.read_bytes()), "xlsx", parts),
            Seed("excel.xlsx", m.with_shared_strings(m.steady(excel.read_bytes())), "xlsx",
                 parts, shared_strings=True),
            Seed("template.xlsx", m.steady(blank.read_bytes()), "xlsx",
                 frozenset(sheet_part(blank, name) for name in good_rows())),
            Seed("history.zip", m.pack(members), "zip"),
            Seed("reviews.csv", reviews, "csv")]


def _choose(rng: Random, seed: Seed) -> tuple[str, m.Mutation]:
    roll = rng.random()
    if seed.kind == "xlsx":
        if seed.shared_strings and roll < 0.1:
            name = rng.choice(["huge cell", "control character", "xml bytes", "xml cut"])
            return f"shared strings: {name}", m.in_a_member(
                "xl/sharedStrings.xml".__eq__, m.SHEET_MUTATIONS[name])
        if roll < 0.72:
            name = rng.choice(sorted(m.SHEET_MUTATIONS))
            return name, m.in_a_member(seed.sheet_parts.__contains__, m.SHEET_MUTATIONS[name])
        extra: dict[str, m.Mutation] = {"bytes": m.flip_bytes, "cut": m.cut,
                                        "sheet renamed": m.renamed_sheet,
                                        "part dropped": m.dropped_member}
        name = rng.choice(sorted(extra))
        return name, extra[name]
    if seed.kind == "zip" and roll >= 0.7:
        name = rng.choice(sorted(m.ZIP_MUTATIONS))
        return name, m.ZIP_MUTATIONS[name]
    name = rng.choice(sorted(m.CSV_MUTATIONS))
    change = m.CSV_MUTATIONS[name]
    if seed.kind == "zip":
        return name, m.in_a_member(lambda member: member.endswith(".csv"), change)
    return name, change


def mutated(seeds: list[Seed], campaign_seed: int, number: int) -> tuple[Seed, list[str], bytes]:
    """File ``number`` of the campaign: always the same seed, mutations and bytes."""
    rng = Random(f"{campaign_seed}-{number}")
    seed = rng.choice(seeds)
    data, names = seed.data, []
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        name, mutation = _choose(rng, seed)
        try:
            data = mutation(rng, data)
            names.append(name)
        except Exception:  # noqa: BLE001 - an earlier mutation broke the zip: skip this one
            names.append(f"{name} (skipped)")
    return seed, names, data


def _normalised(reason: str) -> str:
    """A problem's reason with its particulars taken out, to count refusals by kind."""
    text = re.sub(r"'[^']*'|\([^)]*\)", "…", reason)
    text = re.sub(r"\S+\.(xlsx|zip|csv)\b", "FILE", text)
    text = re.sub(r"\d[\d,]*", "N", text)
    return text[:90]


def _well_formed(problem: ImportProblem, path: Path) -> bool:
    """One line, not a wall of text, and located: a sheet, or the file named."""
    if any(ch in str(problem) for ch in "\r\n") or len(problem.reason) > 1500:
        return False
    if problem.sheet:
        return True
    return (path.name in problem.reason or problem.reason.startswith("… and ")
            or re.search(r"\S\.(csv|xlsx|zip)\b", problem.reason) is not None)


def rows_held(path: Path) -> dict[str, int] | None:
    """The rows with a value in each template sheet of a workbook, as openpyxl counts them
    when it loads every cell (so whatever the <dimension> tag says): the oracle for "every
    row was imported". None for CSV files, or when openpyxl cannot load the file whole."""
    if path.suffix != ".xlsx":
        return None
    try:
        book = load_workbook(path)
    except Exception:  # noqa: BLE001 - no oracle for this file
        return None
    held: dict[str, int] = {}
    for page in book.worksheets:
        spec = sheet_spec(page.title)
        if spec is None:
            continue
        rows = sum(1 for values in page.iter_rows(min_row=2, values_only=True)
                   if any(v is not None and str(v).strip() for v in values))
        if rows:
            held[spec.name] = rows
    return held


def try_file(store: Store, path: Path) -> tuple[str, str]:
    """Import ``path`` and judge the outcome: (status, detail)."""
    before = table_counts(store)
    try:
        result = import_file(store, path, TODAY)
    except Exception:  # noqa: BLE001 - exactly what the campaign looks for
        return "crash", traceback.format_exc()
    if not result.imported:
        if not result.problems:
            return "bad message", "refused without saying why"
        if table_counts(store) != before:
            return "partial write", "\n".join(str(p) for p in result.problems[:5])
        bad = [p for p in result.problems if not _well_formed(p, path)]
        if bad:
            return "bad message", repr(bad[0])[:2000]
        return "refused", _normalised(result.problems[0].reason)
    held = rows_held(path)
    if held is not None:
        counted = {name: c.total for name, c in result.counts.items() if c.total}
        if counted != held:
            return "rows missed", f"the sheets hold {held}; imported {counted}"
    again = import_file(store, path, TODAY, dry_run=True)
    changed = {n: (c.new, c.updated) for n, c in again.counts.items() if c.new or c.updated}
    if again.problems or changed:
        return "not idempotent", f"{again.problems[:3]} {changed}"
    return "accepted", ""


def campaign(store: Store, folder: Path, files: int, campaign_seed: int,
             on_outcome: Callable[[Outcome, bytes], None] | None = None) -> Figures:
    """Seed ``store`` with the good rows, then try ``files`` mutated files against it."""
    seeds = make_seeds(folder / "seeds")
    assert import_file(store, folder / "seeds" / "history.xlsx", TODAY).imported
    figures = Figures()
    tries = folder / "tries"
    tries.mkdir(exist_ok=True)
    for number in range(files):
        seed, names, data = mutated(seeds, campaign_seed, number)
        path = tries / seed.name
        path.write_bytes(data)
        started = time.process_time()
        status, detail = try_file(store, path)
        outcome = Outcome(number, seed.name, names, status, detail,
                          time.process_time() - started)
        figures.add(outcome)
        if on_outcome is not None:
            on_outcome(outcome, data)
    return figures
