"""The page every review document is written on: template or default, A4, header and footer.

A service may give its own Word template (styles, a logo in the header): the document
starts from it with its body cleared, keeping its look. Without one, the built-in
default is used. Either way every page carries the protective marking, the local
authority's name, the contact lines and "Page X of Y".
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.section import _Footer, _Header
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.text.paragraph import Paragraph

from .contacts import footer_lines
from .review_snapshot import ReviewSnapshot
from .styles import INK, TypeScale, apply_house_style
from .word_template import SUFFIXES, as_document
from .word_xml import add_border, add_field, describe_images, set_default_language

log = logging.getLogger(__name__)

MARKING = "OFFICIAL-SENSITIVE"
SERIES = "Looked After Child Review"
A4_WIDTH, A4_HEIGHT = Twips(11906), Twips(16838)
MARGIN = Mm(20)
_MARKING_RED = RGBColor(0xA0, 0x00, 0x00)
_HF = TypeVar("_HF", _Header, _Footer)


@dataclass(frozen=True)
class DocumentInfo:
    """What the core properties say: the title shown by Word, PDF readers and file browsers."""

    title: str
    subject: str


def start_document(snapshot: ReviewSnapshot, info: DocumentInfo,
                   scale: TypeScale) -> DocxDocument:
    """A new document with styles, page set-up, header, footer and properties in place."""
    template = _template_bytes(snapshot.template_path)
    if template is None:
        document = Document()
    else:
        document = Document(io.BytesIO(template))
        _clear_body(document)
    own_look = template is None
    apply_house_style(document, scale, own_look=own_look)
    set_default_language(document)
    header_style, footer_style = document.styles["Header"], document.styles["Footer"]
    if not isinstance(footer_style, ParagraphStyle):
        raise TypeError("the Footer style is not a paragraph style")
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
        if own_look:
            section.left_margin = section.right_margin = MARGIN
            section.top_margin = section.bottom_margin = MARGIN
            section.header_distance = section.footer_distance = Mm(10)
        first = section.different_first_page_header_footer
        width = content_width(document)
        for header in _variants(document, section.header, section.first_page_header,
                                section.even_page_header, first):
            _write_header(header, snapshot, own_look, header_style)
        for footer in _variants(document, section.footer, section.first_page_footer,
                                section.even_page_footer, first):
            _write_footer(footer, snapshot, width, footer_style)
    _set_properties(document, snapshot, info)
    return document


def content_width(document: DocxDocument) -> int:
    """The width between the margins, in twentieths of a point (twips)."""
    section = document.sections[-1]
    width = (section.page_width or A4_WIDTH) - (section.left_margin or 0) \
        - (section.right_margin or 0)
    return int(width / 635)


def _variants(document: DocxDocument, primary: _HF, first: _HF, even: _HF,
              first_differs: bool) -> list[_HF]:
    """Every header (or footer) that some page shows: the first-page and even-page ones too."""
    chosen = [primary]
    if first_differs:
        chosen.append(first)
    if document.settings.odd_and_even_pages_header_footer:
        chosen.append(even)
    return chosen


def _write_header(header: _Header, snapshot: ReviewSnapshot, own_look: bool,
                  style: BaseStyle) -> None:
    header.is_linked_to_previous = False
    describe_images(header._element, f"{snapshot.local_authority or 'Local authority'} logo")
    if own_look:
        for paragraph in list(header.paragraphs):
            paragraph._p.getparent().remove(paragraph._p)
    existing = "\n".join(p.text for p in header.paragraphs)
    if MARKING not in existing:
        marking = _styled(header, style.style_id)
        marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = marking.add_run(MARKING)
        run.bold = True
        run.font.color.rgb = _MARKING_RED
    title = _styled(header, style.style_id)
    authority = snapshot.local_authority.strip()
    if authority:
        name = title.add_run(authority)
        name.bold = True
        title.add_run(" · ")
    title.add_run(SERIES).font.color.rgb = INK
    title.paragraph_format.space_after = Pt(6)
    add_border(title._p.get_or_add_pPr(), "bottom", "8C8C8C", 4)


def _write_footer(footer: _Footer, snapshot: ReviewSnapshot, width: int,
                  style: ParagraphStyle) -> None:
    """The contact lines in small type, then the marking and "Page X of Y"."""
    footer.is_linked_to_previous = False
    for paragraph in list(footer.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    for table in list(footer.tables):
        table._tbl.getparent().remove(table._tbl)
    for index, line in enumerate(footer_lines(snapshot)):
        paragraph = _styled(footer, style.style_id)
        label, _, rest = line.partition(": ")
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(rest)
        if index == 0:
            paragraph.paragraph_format.space_before = Pt(4)
            add_border(paragraph._p.get_or_add_pPr(), "top", "8C8C8C", 4)
    last = _styled(footer, style.style_id)
    stops = last.paragraph_format.tab_stops
    for stop in list(style.paragraph_format.tab_stops):
        stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(width * 635, WD_TAB_ALIGNMENT.RIGHT)
    marking = last.add_run(MARKING)
    marking.bold = True
    marking.font.color.rgb = _MARKING_RED
    last.add_run("\tPage ")
    add_field(last, "PAGE")
    last.add_run(" of ")
    add_field(last, "NUMPAGES")


def _styled(part: _Header | _Footer, style_id: str) -> Paragraph:
    """A paragraph in a style given by id: python-docx's lookup by name scans every style."""
    paragraph = part.add_paragraph()
    paragraph._p.style = style_id
    return paragraph


def _clear_body(document: DocxDocument) -> None:
    """Remove the template's sample text, keeping the last section's page set-up."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


#: python-docx refuses core properties longer than this.
CORE_PROPERTY_LENGTH = 255


def _set_properties(document: DocxDocument, snapshot: ReviewSnapshot, info: DocumentInfo) -> None:
    props = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.title = info.title[:CORE_PROPERTY_LENGTH]  # Word's limit; longer breaks the file
    props.subject = info.subject[:CORE_PROPERTY_LENGTH]
    props.author = snapshot.iro.name[:CORE_PROPERTY_LENGTH]
    props.last_modified_by = snapshot.iro.name[:CORE_PROPERTY_LENGTH]
    props.category = MARKING
    props.keywords = f"{MARKING}; {SERIES}; {snapshot.local_id}"[:CORE_PROPERTY_LENGTH]
    props.comments = f"{MARKING}. Produced by IRO Desktop for {snapshot.local_authority}."
    props.language = "en-GB"
    props.content_status = "Issued"
    props.created = now
    props.modified = now
    for printed in props._element.findall(qn("cp:lastPrinted")):
        props._element.remove(printed)
    props.revision = 1


def _template_bytes(path_text: str) -> bytes | None:
    """The service template's bytes when the profile names a readable .docx or .dotx (as a
    document's bytes), else None."""
    if not path_text.strip():
        return None
    path = Path(path_text).expanduser()
    try:
        stat = path.stat()
    except OSError:
        log.warning("The service template cannot be found; using the built-in style.")
        return None
    if path.suffix.lower() not in SUFFIXES:
        log.warning("The service template is not a .docx or .dotx file; using the built-in "
                    "style.")
        return None
    data = _read_template(str(path), stat.st_mtime_ns, stat.st_size)
    if data is None:
        log.warning("The service template cannot be read; using the built-in style.")
    return data


@lru_cache(maxsize=4)
def _read_template(path: str, mtime_ns: int, size: int) -> bytes | None:
    """Read and check a template once; the cache key changes when the file does."""
    try:
        with open(path, "rb") as handle:
            data = as_document(handle.read())
        Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any unreadable template means "use the default"
        return None
    return data
