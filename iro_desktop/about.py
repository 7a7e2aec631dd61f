"""What the application is made of: versions for IT support, and the bundled libraries'
licences (the LGPL asks that Qt's be shown; the others ask for their notices to travel).

No Qt here: the About box adds Qt's own versions; `iro --version` could print the same.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import __version__
from .paths import resource_path

#: The libraries an installation bundles (requirements/release.txt less the build tools),
#: with the licence to show when a package's metadata does not say it in a word or two.
BUNDLED = {
    "PySide6-Essentials": "LGPL-3.0-only", "shiboken6": "LGPL-3.0-only",
    "sqlcipher3": "Zlib (SQLCipher: BSD-3-Clause; SQLite: public domain)",
    "SQLAlchemy": "MIT", "alembic": "MIT", "Mako": "MIT", "MarkupSafe": "BSD-3-Clause",
    "argon2-cffi": "MIT", "argon2-cffi-bindings": "MIT", "cffi": "MIT-0",
    "pycparser": "BSD-3-Clause", "cryptography": "Apache-2.0 OR BSD-3-Clause",
    "platformdirs": "MIT", "holidays": "MIT", "python-dateutil": "Apache-2.0 OR BSD-3-Clause",
    "six": "MIT", "python-docx": "MIT", "lxml": "BSD-3-Clause", "typing-extensions": "PSF-2.0",
    "openpyxl": "MIT", "et-xmlfile": "MIT", "matplotlib": "Matplotlib licence (PSF-based)",
    "numpy": "BSD-3-Clause", "pillow": "MIT-CMU", "contourpy": "BSD-3-Clause",
    "cycler": "BSD-3-Clause", "fonttools": "MIT", "kiwisolver": "BSD-3-Clause",
    "packaging": "Apache-2.0 OR BSD-2-Clause", "pyparsing": "MIT", "pyenchant": "LGPL-2.1",
    "zxcvbn": "MIT",
}


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str


def sqlcipher_versions() -> tuple[str, str]:
    """SQLCipher's and SQLite's versions, from an in-memory connection (no file touched)."""
    import sqlcipher3.dbapi2 as sqlcipher

    connection = sqlcipher.connect(":memory:")
    try:
        row = connection.execute("PRAGMA cipher_version").fetchone()
    finally:
        connection.close()
    return (str(row[0]) if row else "unknown"), str(sqlcipher.sqlite_version)


def versions() -> list[tuple[str, str]]:
    cipher, sqlite = sqlcipher_versions()
    return [("IRO Desktop", __version__),
            ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
            ("SQLCipher", cipher), ("SQLite", sqlite),
            ("System", f"{platform.system()} {platform.release()} ({platform.machine()})")]


def components() -> list[Component]:
    """Each bundled library with its version and licence, as installed."""
    found = []
    for name, fallback in BUNDLED.items():
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        stated = meta["License-Expression"] or meta["License"] or ""
        licence = stated if stated and len(stated) <= 60 and "\n" not in stated else fallback
        found.append(Component(name, meta["Version"] or "", licence))
    return found


def licences_dir() -> Path:
    """The licence texts: Qt's LGPL notice always; in an installation, every bundled
    library's too (build_installer.spec collects them there)."""
    return resource_path("licences")
