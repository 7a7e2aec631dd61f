"""The release lock file: complete, hashed, and installable from wheels on every platform.

An IRO's laptop has no compiler, so every locked package must have a binary wheel for
Windows x64, macOS 14 or later (Apple silicon and Intel) and Linux x86-64 with glibc 2.34
or later (PySide6's own floor). uv resolves the lock for
each platform from the index's metadata alone (no wheel is downloaded), which keeps the
cost of the check to a few seconds. It needs PyPI: skipped without it, except in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import in_ci

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "release.txt"
BUILD_IN = ROOT / "requirements" / "build.in"

#: uv's names for the platforms IROs' laptops and the build machines use.
PLATFORMS = {
    "win_amd64": "x86_64-pc-windows-msvc",
    "macosx_arm64": "aarch64-apple-darwin",
    "macosx_x86_64": "x86_64-apple-darwin",
    "manylinux_x86_64": "x86_64-manylinux_2_34",
}
PYTHONS = ("3.11", "3.12", "3.13")
#: PySide6 6.12 wheels need macOS 14 (uv reads the oldest macOS to allow from here); uv must
#: not fetch an interpreter for the Python versions this machine lacks: metadata is enough.
UV_SETTINGS = {"MACOSX_DEPLOYMENT_TARGET": "14.0", "UV_PYTHON_DOWNLOADS": "never"}

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_NETWORK_TROUBLE = ("dns error", "connect", "network", "timed out", "offline")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_pins() -> dict[str, set[str]]:
    pins: dict[str, set[str]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            pins.setdefault(normalise(match.group(1)), set()).add(match.group(2))
    return pins


def declared_names() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    lines += [line for line in BUILD_IN.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.lstrip().startswith("#")]
    return {normalise(m.group(1)) for line in lines if (m := _NAME.match(line))}


def test_the_lock_pins_every_declared_dependency() -> None:
    missing = declared_names() - set(locked_pins())
    assert not missing, f"not in requirements/release.txt: {sorted(missing)}; run ./scripts/lock.sh"


def test_every_locked_package_is_pinned_exactly_with_hashes() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"))
    requirements = [block for block in blocks if _PIN.match(block)]
    assert len(requirements) >= 20
    for block in requirements:
        assert "--hash=sha256:" in block, block.splitlines()[0]


def test_no_test_only_package_is_locked_for_release() -> None:
    assert not {"pytest", "pytest-qt", "hypothesis", "psycopg", "psycopg-binary", "mypy",
                "ruff", "sqlcipher3-binary"} & set(locked_pins())


def uv() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found is None:
        pytest.skip("uv is not installed (pip install -e '.[test]')")
    return found


def resolve(platform: str, python: str) -> str | None:
    """None when the lock resolves to exactly its own pins from wheels, else why not."""
    result = subprocess.run(
        [uv(), "pip", "compile", str(LOCK), "--python-platform", PLATFORMS[platform],
         "--python-version", python, "--only-binary", ":all:", "--no-deps", "--no-header",
         "--no-annotate", "--quiet"],
        capture_output=True, text=True, encoding="utf-8", timeout=300, check=False,
        env={**os.environ, **UV_SETTINGS})
    if result.returncode != 0:
        trouble = result.stderr.lower()
        if not in_ci() and any(word in trouble for word in _NETWORK_TROUBLE):
            pytest.skip(f"PyPI cannot be reached: {result.stderr.strip()[:200]}")
        return f"{platform}, Python {python}: {result.stderr.strip()}"
    resolved = {normalise(m.group(1)): m.group(2)
                for line in result.stdout.splitlines() if (m := _PIN.match(line))}
    pins = locked_pins()
    if not {"pyside6-essentials", "sqlcipher3", "cryptography", "pyinstaller"} <= set(resolved):
        return f"{platform}, Python {python}: the main packages are missing"
    wrong = sorted(f"{name} {version}" for name, version in resolved.items()
                   if version not in pins.get(name, set()))
    return f"{platform}, Python {python}: not the locked versions: {wrong}" if wrong else None


@pytest.mark.network
def test_the_lock_resolves_as_binary_wheels_on_every_platform() -> None:
    """Every platform and Python at once: each resolution waits on the index, not the CPU."""
    uv()
    combinations = [(platform, python) for platform in sorted(PLATFORMS) for python in PYTHONS]
    with ThreadPoolExecutor(max_workers=len(combinations)) as pool:
        problems = [p for p in pool.map(lambda c: resolve(*c), combinations) if p]
    assert not problems, "\n\n".join(problems)
