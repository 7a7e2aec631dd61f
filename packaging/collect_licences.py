"""Copy the licence files of every bundled library into one folder, with an index.

    python packaging/collect_licences.py OUT_DIR

build_installer.spec runs it at build time with the build environment's packages, so the
installation carries each library's own licence and notices (MIT, BSD and Apache ask for
it; the LGPL for Qt's, whose texts and notice are in resources/licences). The libraries
are those of iro_desktop.about.BUNDLED that are installed.
"""

from __future__ import annotations

import shutil
import sys
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iro_desktop.about import BUNDLED, components  # noqa: E402

MARKERS = ("LICEN", "COPYING", "NOTICE", "AUTHORS")


def licence_files(name: str) -> list[Path]:
    files = metadata.files(name) or []
    found = []
    for entry in files:
        parts = [part.upper() for part in entry.parts]
        in_metadata = parts and parts[0].endswith(".DIST-INFO")
        if in_metadata and any(marker in parts[-1] for marker in MARKERS):
            found.append(Path(str(entry.locate())))
    return found


def python_licence() -> Path | None:
    """The interpreter's own licence: beside python.exe on Windows, in lib/pythonX.Y else."""
    base = Path(sys.base_prefix)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (base / "LICENSE.txt", base / "lib" / version / "LICENSE.txt",
                      base / "Lib" / "LICENSE.txt"):
        if candidate.is_file():
            return candidate
    return None


def collect(out: Path) -> list[str]:
    """Copy what there is; returns the libraries whose package carries no licence file."""
    out.mkdir(parents=True, exist_ok=True)
    missing, lines = [], []
    for component in components():
        files = licence_files(component.name)
        target = out / component.name
        for path in files:
            target.mkdir(exist_ok=True)
            shutil.copyfile(path, target / path.name)
        if not files:
            missing.append(component.name)
        lines.append(f"{component.name} {component.version}: {component.licence}"
                     + ("" if files else " (text: see Qt-LGPL-NOTICE.txt / LGPL-3.0.txt)"))
    python = python_licence()
    if python is not None:
        (out / "Python").mkdir(exist_ok=True)
        shutil.copyfile(python, out / "Python" / "LICENSE.txt")
        lines.insert(0, f"Python {sys.version.split()[0]}: PSF-2.0")
    index = ["Libraries bundled with IRO Desktop, their versions and licences.",
             "Each folder holds the licence files the library ships.", "", *lines, ""]
    (out / "README.txt").write_text("\n".join(index), encoding="utf-8")
    return missing


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    missing = collect(Path(argv[0]))
    known = {"PySide6-Essentials", "shiboken6"}  # their LGPL text is in resources/licences
    unexpected = sorted(set(missing) - known)
    if unexpected:
        print(f"no licence file in the package of: {', '.join(unexpected)}", file=sys.stderr)
    print(f"licences of {len(BUNDLED) - len(missing)} libraries in {argv[0]}")
    return 0 if not unexpected else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
