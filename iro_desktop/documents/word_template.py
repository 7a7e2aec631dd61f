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
        types = source.read(CONTENT_TYPES)
        if TEMPLATE_MAIN.encode("ascii") not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == CONTENT_TYPES:
                    content = content.replace(TEMPLATE_MAIN.encode("ascii"),
                                              DOCUMENT_MAIN.encode("ascii"))
                target.writestr(item, content)
    return out.getvalue()


def as_template(data: bytes) -> bytes:
    """The reverse, as Word's Save As Template does: for tests and for making a .dotx."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == CONTENT_TYPES:
                    content = content.replace(DOCUMENT_MAIN.encode("ascii"),
                                              TEMPLATE_MAIN.encode("ascii"))
                target.writestr(item, content)
    return out.getvalue()
