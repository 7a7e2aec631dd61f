"""Draw IRO Desktop's icon with Qt's painter: resources/icons/iro-desktop.png and .ico.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py

A simple, legible mark (a teal rounded square, a white calendar page with a tick) at the
sizes Windows, macOS and Linux desktops ask for. Run again only to change the design; the
files it writes are committed.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
TEAL, DARK_TEAL, PAGE, INK = "#005a70", "#003f4f", "#ffffff", "#1e7b34"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(TEAL))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    p.setBrush(QColor(PAGE))
    p.drawRoundedRect(QRectF(56 * s, 60 * s, 144 * s, 148 * s), 14 * s, 14 * s)
    p.setBrush(QColor(DARK_TEAL))
    p.drawRoundedRect(QRectF(56 * s, 60 * s, 144 * s, 36 * s), 14 * s, 14 * s)
    p.drawRect(QRectF(56 * s, 80 * s, 144 * s, 16 * s))
    for x in (88, 168):
        p.drawRoundedRect(QRectF((x - 8) * s, 44 * s, 16 * s, 32 * s), 8 * s, 8 * s)
    tick = QPainterPath(QPointF(92 * s, 150 * s))
    tick.lineTo(QPointF(118 * s, 176 * s))
    tick.lineTo(QPointF(166 * s, 122 * s))
    pen = QPen(QColor(INK), max(2.0, 18 * s))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(tick)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(sizes: tuple[int, ...]) -> bytes:
    """A Windows icon with one PNG-compressed image per size (Windows Vista and later)."""
    images = [png_bytes(draw(size)) for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries = b""
    for size, data in zip(sizes, images, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in an icon directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return header + entries + b"".join(images)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - painting text and images needs one
    OUT.mkdir(parents=True, exist_ok=True)
    if not draw(256).save(str(OUT / "iro-desktop.png")):
        raise SystemExit("could not write the PNG")
    (OUT / "iro-desktop.ico").write_bytes(ico(ICO_SIZES))
    draw(48).save(str(OUT / "iro-desktop-48.png"))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
