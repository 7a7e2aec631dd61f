"""Every kind of review document converts with LibreOffice to a PDF that holds the contacts.

Runs when `soffice` (LibreOffice) and `pdftotext` (poppler) are installed; skipped with
a reason otherwise, except in CI (CI=true), where a missing tool is a failure.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from iro_desktop.documents import KINDS
from iro_desktop.services.issuing import generate_document
from iro_desktop.store import Store

from .conftest import in_ci
from .test_documents import CONTACTS, build_case

TIMEOUT = 120
EXTRA = ("complaints@example.org", "advocacy@example.org", "OFFICIAL-SENSITIVE",
         "Northmoor Borough Council")


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (apt-get install {package}); PDF check not run"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.mark.slow
def test_every_kind_converts_to_a_pdf_holding_the_contact_details(store: Store,
                                                                   tmp_path: Path) -> None:
    soffice = _tool("soffice", "libreoffice-writer")
    pdftotext = _tool("pdftotext", "poppler-utils")
    case = build_case(store)
    out = tmp_path / "docs"
    out.mkdir()
    documents = [generate_document(store, case.second, kind, out / f"{kind}.docx",
                                   date(2025, 3, 7)) for kind in KINDS]
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, documents)],
        capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stdout + result.stderr, result.stdout + result.stderr
    for kind in KINDS:
        pdf = out / f"{kind}.pdf"
        assert pdf.is_file() and pdf.stat().st_size > 1000, f"no PDF for the {kind} document"
        text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                              text=True, timeout=TIMEOUT, check=True).stdout
        for detail in (*CONTACTS, *EXTRA):
            assert detail in text, f"{detail!r} missing from the {kind} PDF"
        pages = text.count("\f") or 1
        flat = " ".join(text.split())
        assert all(f"Page {n} of {pages}" in flat for n in range(1, pages + 1)), kind
