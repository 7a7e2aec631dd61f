"""A service's Word template, .docx or .dotx, as the bytes of a document to start from.

Councils keep their house style as a Word template (.dotx). It is a .docx in all but one
line: [Content_Types].xml names its main part a template, which python-docx refuses. The
package is copied in memory with that one content type changed to a document's; nothing
else in it (styles, headers, logos) is touched, and the file on disk is never changed.
"""

from __future__ import annotations

import io
import zipfile

TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CONTENT_TYPES = "[Content_Types].xml"
SUFFIXES = (".docx", ".dotx")


def as_document(data: bytes) -> bytes:
    """The package as a .docx: a template's main part retyped, a document returned as it is."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        if TEMPLATE_MAIN.encode("ascii") not in source.read(CONTENT_TYPES):
            return data
    return _retyped(data, TEMPLATE_MAIN, DOCUMENT_MAIN)


def as_template(data: bytes) -> bytes:
    """The reverse, as Word's Save As Template does: for tests and for making a .dotx."""
    return _retyped(data, DOCUMENT_MAIN, TEMPLATE_MAIN)


def _retyped(data: bytes, old: str, new: str) -> bytes:
    """The same package with its main part's content type changed from `old` to `new`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == CONTENT_TYPES:
                content = content.replace(old.encode("ascii"), new.encode("ascii"))
            target.writestr(item, content)
    return out.getvalue()
