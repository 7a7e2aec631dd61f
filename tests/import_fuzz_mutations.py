"""Ways to damage an import file, for the fuzz test and bench/fuzz_import.py.

Each mutation takes a random source and a file's bytes and returns the damaged bytes. The
workbook ones edit the sheet XML inside the zip the way exporters and accidents do (a wrong
<dimension>, rows out of order, a formula, a huge or binary cell, a cell far away); the CSV
ones edit the text or its encoding; both kinds also flip and cut raw bytes.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from random import Random
from xml.sax.saxutils import escape

Mutation = Callable[[Random, bytes], bytes]
#: A mutation of one sheet's XML (workbooks) or one CSV file's bytes.
PartMutation = Callable[[Random, bytes], bytes]

TEXTS = ("LA100001", "LA100002", "LA999999", "PN1", "PN0", "C2", "U4", "N1", "Good", "Met",
         "2023-02-03", "31/02/2023", "2023-13-01", "14/06/2021", "45000", "yes", "no", "maybe",
         "", " ", "Zoë", "名前", "\u202eevil", "_x0007_", "stage1:2023-02-14",
         '=HYPERLINK("http://example.invalid","click")', "+44 1", "-1", "@SUM(A1)",
         "care_plan.drift_delay", "Resolved – no further action", "x" * 250)
FORMULA_TEXTS = ('=HYPERLINK("http://example.invalid","click")', "+44 1", "-1", "@SUM(A1)",
                 '=cmd|"/c calc"!A0', "=1+1")
FORMULAS = ('HYPERLINK("http://example.invalid","click")', "1+1", "TODAY()", "A1", "#REF!",
            'CMD|"/c calc"!A0', "SUM(A1:A9)")
CONTROLS = ("\x00", "\x01", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\ufffe")


def _text(rng: Random) -> str:
    return rng.choice(TEXTS)


# --------------------------------------------------------------------------- zip parts


def unpack(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info.filename)) for info in archive.infolist()]


def pack(members: list[tuple[str, bytes]]) -> bytes:
    """A zip of the members, the same bytes every time (no clock in it)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore", UserWarning)  # two members of one name, on purpose
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 15, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def steady(data: bytes) -> bytes:
    """A workbook repacked without the clock: the same file whenever it was written."""
    members = [(name, re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-01-15T00:00:00Z", part)
                if name == "docProps/core.xml" else part) for name, part in unpack(data)]
    return pack(members)


def in_a_member(choose: Callable[[str], bool], change: PartMutation) -> Mutation:
    """Apply ``change`` to one member of the zip that ``choose`` accepts."""
    def mutate(rng: Random, data: bytes) -> bytes:
        members = unpack(data)
        chosen = [i for i, (name, _) in enumerate(members) if choose(name)]
        if not chosen:
            return data
        index = rng.choice(chosen)
        name, part = members[index]
        members[index] = (name, change(rng, part))
        return pack(members)
    return mutate


def flip_bytes(rng: Random, data: bytes) -> bytes:
    changed = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        changed[rng.randrange(len(changed))] = rng.randrange(256)
    return bytes(changed)


def cut(rng: Random, data: bytes) -> bytes:
    return data[:rng.randrange(1, max(2, len(data)))]


_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)>(?:<is><t[^>]*>([^<]*)</t></is>)?</c>')


def with_shared_strings(data: bytes) -> bytes:
    """The workbook with its text in a shared-strings table, as Excel writes it (openpyxl
    writes inline strings), so the fuzz reaches that path too."""
    strings: dict[bytes, int] = {}

    def shared(found: re.Match[bytes]) -> bytes:
        attributes = found.group(1) + found.group(2)
        if found.group(3) is None:
            return b"<c " + attributes.strip() + b"/>"
        index = strings.setdefault(found.group(3), len(strings))
        return b"<c " + attributes + b't="s"><v>' + str(index).encode() + b"</v></c>"

    members = []
    for name, part in unpack(data):
        if name.startswith("xl/worksheets/"):
            part = _INLINE.sub(shared, part)
        elif name == "[Content_Types].xml":
            part = part.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                b'ContentType="application/vnd.openxmlformats-officedocument.'
                                b'spreadsheetml.sharedStrings+xml"/></Types>')
        elif name == "xl/_rels/workbook.xml.rels":
            part = part.replace(b"</Relationships>", b'<Relationship Type="http://schemas.'
                                b"openxmlformats.org/officeDocument/2006/relationships/"
                                b'sharedStrings" Target="sharedStrings.xml" Id="rIdStrings"/>'
                                b"</Relationships>")
        members.append((name, part))
    table = b"".join(b'<si><t xml:space="preserve">' + text + b"</t></si>" for text in strings)
    count = str(len(strings)).encode()
    members.append(("xl/sharedStrings.xml", b'<sst xmlns="' + _MAIN + b'" count="' + count
                    + b'" uniqueCount="' + count + b'">' + table + b"</sst>"))
    return pack(members)


# --------------------------------------------------------------------------- sheet XML


def _letter(rng: Random) -> str:
    return rng.choice("ABCDEFGHIJKLM") if rng.random() < 0.9 else rng.choice(["XFD", "AAA", "N"])


def random_cell(rng: Random, ref: str) -> str:
    at = f' r="{ref}"' if rng.random() < 0.95 else ""
    kind = rng.randrange(10)
    if kind == 0:
        value = rng.choice(["0", "-1", "45000", "45000.5", "1e308", "99999999999999999999",
                            "nan", "x"])
        return f'<c{at} s="{rng.randint(0, 3)}"><v>{value}</v></c>'
    if kind == 1:
        return f'<c{at} t="b"><v>{rng.choice(["0", "1", "2", "x"])}</v></c>'
    if kind == 2:
        return f'<c{at} t="s"><v>{rng.choice(["0", "3", "999999", "-1"])}</v></c>'
    if kind == 3:
        return f'<c{at} t="d"><v>{rng.choice(["2023-02-03T00:00:00", "garbage", "9999"])}</v></c>'
    if kind == 4:
        return f'<c{at} t="e"><v>{rng.choice(["#N/A", "#REF!", "#VALUE!"])}</v></c>'
    if kind == 5:
        return f'<c{at}><f>{escape(rng.choice(FORMULAS))}</f><v>1</v></c>'
    if kind == 6:
        return f'<c{at}><f t="shared" ref="{ref}" si="0">A1+1</f></c>'
    if kind == 7:
        return f"<c{at}/>"
    return f'<c{at} t="inlineStr"><is><t>{escape(_text(rng))}</t></is></c>'


def _last_row(xml: bytes) -> int:
    numbers = re.findall(rb'<row r="(\d+)"', xml)
    return int(numbers[-1]) if numbers else 0


def dimension(rng: Random, xml: bytes) -> bytes:
    ref = rng.choice(["A1:C2", "A1", "A1:XFD1048576", "B2:A1", "ZZZZ0", "A1:I99999999"])
    if rng.random() < 0.2:
        return re.sub(rb'<dimension ref="[^"]*"/>', b"", xml)
    return re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml)


def row_number(rng: Random, xml: bytes) -> bytes:
    rows = list(re.finditer(rb'<row r="(\d+)"', xml))
    if not rows:
        return xml
    found = rng.choice(rows)
    new = rng.choice(["0", "-1", "1", "2", "1048577", "99999999999", "x", ""])
    return xml[:found.start(1)] + new.encode() + xml[found.end(1):]


def inserted_row(rng: Random, xml: bytes) -> bytes:
    number = _last_row(xml) + rng.choice([1, 1, 1, 2, 40, 1000, 1048576])
    cells = "".join(random_cell(rng, f"{_letter(rng)}{number}")
                    for _ in range(rng.randint(1, 12)))
    return xml.replace(b"</sheetData>", f'<row r="{number}">{cells}</row></sheetData>'.encode())


def changed_cell(rng: Random, xml: bytes) -> bytes:
    cells = list(re.finditer(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>.*?</c>)', xml))
    data = [c for c in cells if c.group(2) != b"1"] or cells
    if not data:
        return xml
    found = rng.choice(data)
    ref = (found.group(1) + found.group(2)).decode()
    return xml[:found.start()] + random_cell(rng, ref).encode() + xml[found.end():]


def huge_cell(rng: Random, xml: bytes) -> bytes:
    size = rng.choice([300, 5000, 40_000, 200_000])
    cells = list(re.finditer(rb"<t>[^<]*</t>", xml))
    if not cells:
        return xml
    found = rng.choice(cells)
    return xml[:found.start()] + b"<t>" + b"y" * size + b"</t>" + xml[found.end():]


def control_character(rng: Random, xml: bytes) -> bytes:
    cells = list(re.finditer(rb"<t>([^<]*)</t>", xml))
    if not cells:
        return xml
    found = rng.choice(cells)
    char = rng.choice(CONTROLS)
    form = rng.randrange(3)
    text = (f"_x{ord(char):04X}_" if form == 0 else f"&#x{ord(char):X};" if form == 1
            else char).encode("utf-8", "surrogatepass")
    return xml[:found.end(1)] + text + xml[found.end(1):]


def blank_rows(rng: Random, xml: bytes) -> bytes:
    start = _last_row(xml) + 1
    count = rng.choice([10, 500, 3000])
    styled = rng.random() < 0.5
    rows = "".join(f'<row r="{n}">' + (f'<c r="A{n}" s="1"/><c r="B{n}" s="1"/>'
                                       if styled else "") + "</row>"
                   for n in range(start, start + count))
    return xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")


def entity_bomb(rng: Random, xml: bytes) -> bytes:
    del rng
    doctype = ('<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
               + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                         for i in range(8)) + "]>")
    body = xml.split(b"?>", 1)[-1] if xml.startswith(b"<?xml") else xml
    return doctype.encode() + body.replace(b"<t>", b"<t>&i;", 1)


SHEET_MUTATIONS: dict[str, PartMutation] = {
    "dimension tag": dimension, "row number": row_number, "inserted row": inserted_row,
    "changed cell": changed_cell, "huge cell": huge_cell, "control character": control_character,
    "blank rows": blank_rows, "entity bomb": entity_bomb, "xml bytes": flip_bytes, "xml cut": cut,
}


def renamed_sheet(rng: Random, data: bytes) -> bytes:
    members = unpack(data)
    names = ["Revews", "reviews", "README", "children", "x" * 40, "Good Practice", "périodes"]
    changed = []
    for name, part in members:
        if name == "xl/workbook.xml":
            found = list(re.finditer(rb'name="([^"]*)"', part))
            if found:
                hit = rng.choice(found)
                part = part[:hit.start(1)] + escape(rng.choice(names)).encode() + \
                    part[hit.end(1):]
        changed.append((name, part))
    return pack(changed)


def dropped_member(rng: Random, data: bytes) -> bytes:
    members = unpack(data)
    del members[rng.randrange(len(members))]
    return pack(members)


# --------------------------------------------------------------------------- CSV text


def _edit_text(change: Callable[[Random, str], str]) -> PartMutation:
    def mutate(rng: Random, data: bytes) -> bytes:
        text = data.decode("utf-8", "surrogateescape")
        return change(rng, text).encode("utf-8", "surrogateescape")
    return mutate


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


def _field_edit(value: Callable[[Random], str]) -> Callable[[Random, str], str]:
    def change(rng: Random, text: str) -> str:
        lines = _lines(text)
        index = rng.randrange(len(lines))
        fields = lines[index].rstrip("\r\n").split(",")
        fields[rng.randrange(len(fields))] = value(rng)
        lines[index] = ",".join(fields) + "\n"
        return "".join(lines)
    return change


def _inserted_line(rng: Random, text: str) -> str:
    lines = _lines(text)
    fields = [rng.choice(TEXTS) for _ in range(rng.randint(1, 14))]
    lines.insert(rng.randint(1, len(lines)), ",".join(f'"{f}"' if "," in f else f
                                                    for f in fields) + "\n")
    return "".join(lines)


def _encoding(rng: Random, data: bytes) -> bytes:
    text = data.decode("utf-8-sig", "replace")
    form = rng.randrange(6)
    if form == 0:
        return b"\xff\xfe" + text.replace(",", "\t").encode("utf-16-le")
    if form == 1:
        return b"\xfe\xff" + text.encode("utf-16-be")
    if form == 2:
        return text.encode("utf-16-le")  # no byte order mark
    if form == 3:
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if form == 4:
        return text.encode("cp1252", "replace")
    return b"\xff\xfe\x00\x00" + text.encode("utf-32-le")


def _bytes_in(rng: Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice([b"\x00", b"\x81\x8d\x90", b"\xff\xfe", b"\xc3", b"\x00" * 9])\
        + data[at:]


def _stray_quote(rng: Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + '"' + text[at:]


def _long_line(rng: Random, text: str) -> str:
    return text + "z," * rng.choice([70_000, 600_000]) + "\n"


CSV_MUTATIONS: dict[str, PartMutation] = {
    "csv bytes": flip_bytes, "csv cut": cut, "inserted bytes": _bytes_in, "encoding": _encoding,
    "inserted line": _edit_text(_inserted_line),
    "huge field": _edit_text(_field_edit(lambda r: "w" * r.choice([300, 5000, 140_000]))),
    "control field": _edit_text(_field_edit(lambda r: "a" + r.choice(CONTROLS) + "b")),
    "formula text": _edit_text(_field_edit(lambda r: r.choice(FORMULA_TEXTS))),
    "wrong value": _edit_text(_field_edit(_text)),
    "stray quote": _edit_text(_stray_quote),
    "delimiter": _edit_text(lambda r, t: t.replace(",", r.choice([";", "\t", "|"]))),
    "blank lines": _edit_text(lambda r, t: "\n" * r.choice([1, 3]) + t if r.random() < 0.5
                              else t + "\n" * r.choice([100, 20_000])),
    "long line": _edit_text(_long_line),
    "header": _edit_text(lambda r, t: t.replace("_id", r.choice(["-id", "id", "_ID", ""]), 1)),
}


def renamed_member(rng: Random, data: bytes) -> bytes:
    members = unpack(data)
    index = rng.randrange(len(members))
    name, part = members[index]
    new = rng.choice(["Reviews.csv", "notes.csv", "sub/reviews.csv", "__MACOSX/x.csv",
                      "reviews.txt", "children.csv", "périodes.csv", "a\nb.csv"])
    members[index] = (new, part)
    return pack(members)


def _zip_header(rng: Random, data: bytes) -> bytes:
    """Damage the zip's own records: a packed stream, the encryption flag, the method or
    the version needed to extract."""
    changed = bytearray(data)
    at = changed.find(b"PK\x01\x02", rng.randrange(len(changed)) // 2)
    at = at if at >= 0 else changed.find(b"PK\x01\x02")
    form = rng.randrange(4)
    if form == 0:
        local = changed.find(b"PK\x03\x04")
        name_length, extra = struct.unpack("<HH", changed[local + 26:local + 30])
        changed[local + 30 + name_length + extra] = 0xFF
    elif form == 1:
        changed[at + 8] |= 1
    elif form == 2:
        changed[at + 10:at + 12] = struct.pack("<H", rng.choice([9, 98, 12, 14]))
    else:
        changed[at + 6] = 99
    return bytes(changed)


ZIP_MUTATIONS: dict[str, Mutation] = {
    "zip bytes": flip_bytes, "zip cut": cut, "zip header": _zip_header,
    "member renamed": renamed_member, "member dropped": dropped_member,
}
