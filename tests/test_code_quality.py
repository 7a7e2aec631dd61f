"""The house rules that tools can check: the core and the UI are typed (mypy --strict) and
lint-clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import in_ci

ROOT = Path(__file__).resolve().parent.parent


def _tool(module: str) -> list[str]:
    try:
        __import__(module)
    except ImportError:
        if in_ci():
            raise
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")
    return [sys.executable, "-m", module]


def test_core_and_ui_are_strictly_typed() -> None:
    result = subprocess.run([*_tool("mypy"), "--strict", "--no-incremental", "iro_desktop", "ui"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:]


def test_core_ui_and_tests_are_lint_clean() -> None:
    result = subprocess.run([*_tool("ruff"), "check", "iro_desktop", "ui", "tests",
                             "--output-format", "concise"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:]
