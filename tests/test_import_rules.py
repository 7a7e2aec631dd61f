"""The layers keep their direction: every module's imports are read with `ast`, never run.

- `iro_desktop/documents` turns a frozen snapshot into bytes: it never imports the store or
  the services.
- `iro_desktop/services` use documents and report figures only through the packages'
  facades (`iro_desktop.documents`, `iro_desktop.reports`), never a module inside them.
- Nothing in `iro_desktop` imports Qt (`PySide6`, `shiboken6`) or the `ui` package.

Relative imports are resolved against the importing module, `from package import module`
counts as importing that module, and imports inside functions or `if TYPE_CHECKING:`
count too. The last tests plant violations in a temporary tree, so a scanner that
silently stopped finding imports would fail them.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = "iro_desktop"
QT_AND_UI = ("PySide6", "shiboken6", "ui")


@dataclass(frozen=True)
class Import:
    """One imported module, as the importing module names it and as it resolves."""

    path: Path
    module: str
    target: str
    line: int
    source: str

    def describe(self, root: Path) -> str:
        return (f"{self.path.relative_to(root)} (module {self.module}), line {self.line}: "
                f"`{self.source}` imports {self.target}")


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(root: Path, dotted: str) -> bool:
    base = root.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of `from <level dots><name> import ...` written in `module`."""
    if level == 0:
        return name or ""
    parts = module.split(".")
    package = parts if is_package else parts[:-1]
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, name] if name else base)


def imports_of(root: Path, path: Path) -> Iterator[Import]:
    """Every module `path` imports, wherever the statement is (functions, TYPE_CHECKING)."""
    module = module_name(root, path)
    is_package = path.name == "__init__.py"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for node in ast.walk(ast.parse(text, filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, module, alias.name, node.lineno, _source(lines, node))
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, is_package, node.level, node.module)
            for alias in node.names:
                inner = f"{base}.{alias.name}" if base else alias.name
                target = inner if _is_module(root, inner) else base
                yield Import(path, module, target, node.lineno, _source(lines, node))
        elif (isinstance(node, ast.Call) and _is_dynamic_import(node.func) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield Import(path, module, node.args[0].value, node.lineno, _source(lines, node))


def _source(lines: list[str], node: ast.stmt | ast.expr) -> str:
    """The statement as written, on one line (a parenthesised import spans several)."""
    end = node.end_lineno or node.lineno
    text = " ".join(line.strip() for line in lines[node.lineno - 1:end])
    if node.lineno == end and node.end_col_offset is not None:
        text = lines[node.lineno - 1][node.col_offset:node.end_col_offset]
    return text


def _is_dynamic_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in ("__import__", "import_module")
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(f"{package}.")


def _scan(root: Path, folder: str, broken: Callable[[Import], str]) -> list[str]:
    """A message per import in `root/folder` that `broken` objects to (it returns why)."""
    found = []
    for path in sorted((root / folder).rglob("*.py")):
        for item in imports_of(root, path):
            why = broken(item)
            if why:
                found.append(f"{item.describe(root)}: {why}")
    return found


def documents_violations(root: Path) -> list[str]:
    def broken(item: Import) -> str:
        for layer in (f"{CORE}.store", f"{CORE}.services"):
            if _within(item.target, layer):
                return f"documents render a frozen snapshot and never import {layer}"
        return ""

    return _scan(root, f"{CORE}/documents", broken)


def services_violations(root: Path) -> list[str]:
    def broken(item: Import) -> str:
        for facade in (f"{CORE}.documents", f"{CORE}.reports"):
            if item.target.startswith(f"{facade}."):
                return (f"services use only the {facade} facade (its __init__); export what "
                        "is needed there")
        return ""

    return _scan(root, f"{CORE}/services", broken)


def qt_violations(root: Path) -> list[str]:
    def broken(item: Import) -> str:
        for name in QT_AND_UI:
            if _within(item.target, name):
                return f"the core runs without a window and never imports {name}"
        return ""

    return _scan(root, CORE, broken)


def ui_violations(root: Path) -> list[str]:
    """ui/ by feature: `ui.common` serves every feature and imports none; only the frame
    (`ui.shell`) may import `ui.shell`, which sits on top and opens the features."""
    found = []
    for path in sorted((root / "ui").rglob("*.py")):
        here = module_name(root, path)
        for item in imports_of(root, path):
            if _within(here, "ui.common") and _within(item.target, "ui") \
                    and not _within(item.target, "ui.common"):
                found.append(f"{item.describe(root)}: ui.common is shared by every feature "
                             "and imports none of them")
            elif _within(item.target, "ui.shell") and not _within(here, "ui.shell") \
                    and here != "ui.__main__":
                found.append(f"{item.describe(root)}: features never import the frame "
                             "(ui.shell); it opens them")
    return found


def _report(found: list[str]) -> str:
    return f"{len(found)} import(s) break the layering:\n" + "\n".join(found)


# -- the rules, on the real tree ------------------------------------------------------------


def test_documents_never_import_the_store_or_the_services() -> None:
    found = documents_violations(ROOT)
    assert not found, _report(found)


def test_services_use_only_the_documents_and_reports_facades() -> None:
    found = services_violations(ROOT)
    assert not found, _report(found)


def test_the_core_never_imports_qt_or_the_ui() -> None:
    found = qt_violations(ROOT)
    assert not found, _report(found)


def test_ui_features_leave_common_and_the_shell_alone() -> None:
    found = ui_violations(ROOT)
    assert not found, _report(found)


def test_the_ui_rule_finds_planted_imports(tmp_path: Path) -> None:
    for name, text in {"ui/__init__.py": "", "ui/common/__init__.py": "",
                       "ui/common/bad.py": "from ui.review.review_editor import ReviewEditor\n",
                       "ui/common/good.py": "from ui.common.workers import run_task\n",
                       "ui/qa/__init__.py": "",
                       "ui/qa/bad.py": "def later():\n    from ui.shell import app\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = ui_violations(tmp_path)
    assert len(found) == 2, found
    assert "ui.common.bad" in found[0] and "imports none of them" in found[0]
    assert "ui.qa.bad" in found[1] and "never import the frame" in found[1]


def test_the_scanner_sees_the_real_imports() -> None:
    """Guards against rules passing only because nothing was read."""
    issuing = ROOT / CORE / "services" / "issuing.py"
    targets = {item.target for item in imports_of(ROOT, issuing)}
    assert {f"{CORE}.documents", f"{CORE}.store", f"{CORE}.services.review_snapshot",
            "sqlalchemy"} <= targets
    modules = list((ROOT / CORE).rglob("*.py"))
    assert len(modules) > 80


# -- the scanner, on planted violations -----------------------------------------------------


PLANTED = {
    "documents/__init__.py": "",
    "documents/bad.py": ("from ..store import Store\n"
                         "import iro_desktop.services.reviews\n"
                         "def later():\n"
                         "    from ..services import issuing\n"),
    "documents/good.py": "from .kinds import render\nfrom ..domain import codes\n",
    "documents/kinds.py": "",
    "documents/minutes.py": "",
    "services/__init__.py": "",
    "services/bad.py": ("from ..documents.minutes import full_record\n"
                        "from ..reports import figures\n"
                        "from iro_desktop.reports.scope import ReportScope\n"),
    "services/good.py": ("from ..documents import ReviewSnapshot\n"
                         "from .. import reports\n"
                         "from iro_desktop.reports import build_report\n"),
    "reports/__init__.py": "",
    "reports/figures.py": "",
    "reports/scope.py": "",
    "domain/__init__.py": "",
    "domain/codes.py": ("from typing import TYPE_CHECKING\n"
                        "if TYPE_CHECKING:\n"
                        "    from PySide6.QtCore import Qt\n"
                        "import shiboken6\n"
                        "import importlib\n"
                        "importlib.import_module('ui.shell')\n"
                        "import uikit\n"),
    "store/__init__.py": "",
}


def _plant(root: Path) -> Path:
    for name, text in {"__init__.py": "", **PLANTED}.items():
        path = root / CORE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_documents_rule_finds_planted_imports_of_the_store_and_services(
        tmp_path: Path) -> None:
    found = documents_violations(_plant(tmp_path))
    assert len(found) == 3, found
    assert found[0].startswith(
        f"{Path(CORE, 'documents', 'bad.py')} (module {CORE}.documents.bad), line 1: "
        f"`from ..store import Store` imports {CORE}.store: ")
    assert f"`import iro_desktop.services.reviews` imports {CORE}.services.reviews" in found[1]
    assert f"line 4: `from ..services import issuing` imports {CORE}.services" in found[2]


def test_the_services_rule_finds_planted_imports_past_the_facades(tmp_path: Path) -> None:
    found = services_violations(_plant(tmp_path))
    assert [line.split(": `")[1].split("`")[0] for line in found] == [
        "from ..documents.minutes import full_record",
        "from ..reports import figures",
        "from iro_desktop.reports.scope import ReportScope",
    ]
    assert all(f"(module {CORE}.services.bad)" in line for line in found)
    assert f"imports {CORE}.reports.figures: services use only the {CORE}.reports facade" \
        in found[1]


def test_the_qt_rule_finds_planted_imports_of_qt_and_the_ui(tmp_path: Path) -> None:
    found = qt_violations(_plant(tmp_path))
    assert len(found) == 3, found
    assert all(f"(module {CORE}.domain.codes)" in line for line in found)
    imported = sorted(line.split("` imports ")[1].split(":")[0] for line in found)
    assert imported == ["PySide6.QtCore", "shiboken6", "ui.shell"]
