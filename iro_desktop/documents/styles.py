"""The house style of review documents: a readable font and real Word heading styles.

Headings use Word's built-in "Heading 1" / "Heading 2" styles so that the navigation
pane, a table of contents and screen readers all find the structure. A service template
keeps its own look: only missing styles are added, and the letter's larger type.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from docx.styles.style import ParagraphStyle

from .word_xml import add_border, set_default_spacing, set_outline_level, set_run_fonts

FONT = "Arial"
INK = RGBColor(0x1F, 0x38, 0x64)
HEADER_SHADE = "D9E2F3"
LABEL_SHADE = "EEF2F8"


@dataclass(frozen=True)
class TypeScale:
    """Point sizes: Arial 12 for records, 14 for the letter to a young person."""

    body: float
    heading1: float
    heading2: float
    title: float
    small: float


RECORD_TYPE = TypeScale(body=12, heading1=16, heading2=13, title=20, small=9)
LETTER_TYPE = TypeScale(body=14, heading1=18, heading2=15, title=22, small=9)


def apply_house_style(document: DocxDocument, scale: TypeScale, *, own_look: bool) -> None:
    """Set up styles; `own_look` is False for a service template, whose fonts we keep."""
    normal = _paragraph_style(document, "Normal", None)
    heading1 = _paragraph_style(document, "Heading 1", 0)
    heading2 = _paragraph_style(document, "Heading 2", 1)
    title = _paragraph_style(document, "Title", None)
    small = [_paragraph_style(document, name, None) for name in ("Header", "Footer")]
    if scale is LETTER_TYPE or own_look:
        normal.font.size = Pt(scale.body)
    if not own_look:
        return
    set_run_fonts(normal.element.get_or_add_rPr(), FONT)
    set_default_spacing(document, after_twips=120, line_240ths=276)
    for style, size, before, after in (
        (heading1, scale.heading1, 18, 6),
        (heading2, scale.heading2, 12, 4),
        (title, scale.title, 0, 12),
    ):
        set_run_fonts(style.element.get_or_add_rPr(), FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = INK
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
    title_rpr = title.element.get_or_add_rPr()
    for tag in ("w:spacing", "w:kern"):
        for element in title_rpr.findall(qn(tag)):
            title_rpr.remove(element)
    add_border(title.element.get_or_add_pPr(), "bottom", "1F3864", 12)
    for style in small:
        set_run_fonts(style.element.get_or_add_rPr(), FONT)
        style.font.size = Pt(scale.small)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0


def _paragraph_style(document: DocxDocument, name: str, outline: int | None) -> ParagraphStyle:
    """The named style, added when a template lacks it (Word templates often only list it)."""
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"] if name != "Normal" else None
        style.next_paragraph_style = styles["Normal"] if name != "Normal" else None
        style.quick_style = True
        if outline is not None:
            style.font.bold = True
            style.font.size = Pt(16 - 2 * outline)
            style.paragraph_format.keep_with_next = True
    if not isinstance(style, ParagraphStyle):
        raise TypeError(f"the template's style {name!r} is not a paragraph style")
    if outline is not None:
        set_outline_level(style.element.get_or_add_pPr(), outline)
    return style


TABLE_STYLE = "Review Table"
_TABLE_STYLE_XML = f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="ReviewTable">
  <w:name w:val="{TABLE_STYLE}"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="252" w:lineRule="auto"/></w:pPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="57" w:type="dxa"/>
      <w:left w:w="85" w:type="dxa"/>
      <w:bottom w:w="57" w:type="dxa"/>
      <w:right w:w="85" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
</w:style>"""


def table_style_id(document: DocxDocument) -> str:
    """The id of the table style every review table uses: grey grid, padded, tight lines."""
    styles = document.styles.element
    if styles.get_by_id("ReviewTable") is None:
        styles.append(parse_xml(_TABLE_STYLE_XML))
    return "ReviewTable"


def normal_has_spacing(document: DocxDocument) -> bool:
    """True when a template's Normal style sets its own spacing, which beats a table style."""
    p_pr = document.styles["Normal"].element.pPr
    return p_pr is not None and p_pr.find(qn("w:spacing")) is not None
