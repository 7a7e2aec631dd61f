"""A corporate Word template (.dotx) is accepted as the service template."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest

from iro_desktop.documents import render_bytes
from iro_desktop.documents.sample_review import sample_snapshot, with_template
from iro_desktop.documents.word_template import (
    DOCUMENT_MAIN,
    TEMPLATE_MAIN,
    as_document,
    as_template,
)

TODAY = date(2026, 11, 26)


def make_dotx(folder: Path) -> Path:
    """A real template: a .docx with a house style and a header, saved as Word saves a .dotx."""
    template = docx.Document()
    template.styles["Normal"].font.name = "Georgia"
    template.sections[0].header.paragraphs[0].text = "Northmoor Borough Council"
    template.add_paragraph("Sample text that must not appear in the minutes")
    buffer = io.BytesIO()
    template.save(buffer)
    path = folder / "Northmoor house style.dotx"
    path.write_bytes(as_template(buffer.getvalue()))
    return path


def test_a_dotx_differs_from_a_docx_only_in_its_main_content_type(tmp_path: Path) -> None:
    path = make_dotx(tmp_path)
    with zipfile.ZipFile(path) as package:
        types = package.read("[Content_Types].xml").decode("utf-8")
    assert TEMPLATE_MAIN in types and DOCUMENT_MAIN not in types
    with pytest.raises(ValueError):
        docx.Document(str(path))  # what refused templates before
    opened = docx.Document(io.BytesIO(as_document(path.read_bytes())))
    assert opened.styles["Normal"].font.name == "Georgia"


def test_a_docx_passes_through_unchanged() -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert as_document(buffer.getvalue()) == buffer.getvalue()


def test_minutes_take_the_look_of_a_dotx_template(tmp_path: Path) -> None:
    path = make_dotx(tmp_path)
    snapshot = with_template(sample_snapshot(), str(path))
    document = docx.Document(io.BytesIO(render_bytes(snapshot, "full", TODAY)))
    assert document.styles["Normal"].font.name == "Georgia"
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Sample text" not in body
    assert path.read_bytes()[:2] == b"PK"  # the template on disk is left as it was
    with zipfile.ZipFile(path) as package:
        assert TEMPLATE_MAIN in package.read("[Content_Types].xml").decode("utf-8")
