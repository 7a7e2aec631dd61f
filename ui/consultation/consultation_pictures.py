"""Pictures for young children's answers (faces, a tick, a cross...), drawn with QPainter,
and the large buttons young person mode is made of.

Drawn rather than shipped as image files: they scale to any screen, follow the palette and
need nothing installed. Every picture goes with a text label, which is also the button's
accessible name, so a screen reader says "Always", not "picture".
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

INK = QColor("#1f2d33")
ACCENT = QColor("#2e6f73")
FACE = QColor("#ffd866")
FACE_EDGE = QColor("#9a7a1c")
TEAR = QColor("#5fa8d3")
MARKS = {"yes": QColor("#2f7d4f"), "no": QColor("#a8463c"), "not_sure": QColor("#4f6382"),
         "more": ACCENT, "less": ACCENT}
#: Mouth curve for each face: how far the middle of the mouth sits below its corners.
SMILES = {"happy": 0.30, "ok": 0.10, "sad": -0.16, "very_sad": -0.28}


def draw_picture(painter: QPainter, box: QRectF, picture: str) -> None:
    """Draw one picture, centred in ``box`` and as large as fits."""
    side = min(box.width(), box.height())
    square = QRectF(box.center().x() - side / 2, box.center().y() - side / 2, side, side)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if picture in SMILES:
        _face(painter, square, SMILES[picture], tear=picture == "very_sad")
    elif picture in MARKS:
        _mark(painter, square, picture)
    painter.restore()


def _face(painter: QPainter, box: QRectF, smile: float, tear: bool) -> None:
    s = box.width()
    inner = box.adjusted(s * 0.04, s * 0.04, -s * 0.04, -s * 0.04)
    painter.setPen(QPen(FACE_EDGE, max(2.0, s * 0.025)))
    painter.setBrush(FACE)
    painter.drawEllipse(inner)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(INK)
    cx, cy = inner.center().x(), inner.center().y()
    eye = s * 0.065
    for dx in (-0.17, 0.17):
        painter.drawEllipse(QPointF(cx + dx * s, cy - 0.10 * s), eye, eye * 1.25)
    mouth = QPainterPath()
    left, right, mouth_y = cx - 0.2 * s, cx + 0.2 * s, cy + 0.17 * s - smile * s * 0.25
    mouth.moveTo(left, mouth_y)
    mouth.quadTo(cx, mouth_y + smile * s, right, mouth_y)
    pen = QPen(INK, max(3.0, s * 0.045))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(mouth)
    if tear:
        drop = QPainterPath()
        tx, ty = cx + 0.19 * s, cy + 0.0 * s
        drop.moveTo(tx, ty)
        drop.cubicTo(tx + 0.06 * s, ty + 0.08 * s, tx + 0.05 * s, ty + 0.13 * s, tx, ty + 0.13 * s)
        drop.cubicTo(tx - 0.05 * s, ty + 0.13 * s, tx - 0.06 * s, ty + 0.08 * s, tx, ty)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TEAR)
        painter.drawPath(drop)


def _mark(painter: QPainter, box: QRectF, picture: str) -> None:
    s = box.width()
    colour = MARKS[picture]
    inner = box.adjusted(s * 0.06, s * 0.06, -s * 0.06, -s * 0.06)
    painter.setPen(QPen(colour, max(2.0, s * 0.03)))
    painter.setBrush(QColor(colour.red(), colour.green(), colour.blue(), 28))
    painter.drawEllipse(inner)
    pen = QPen(colour, max(4.0, s * 0.09))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    cx, cy = inner.center().x(), inner.center().y()
    if picture == "yes":
        path = QPainterPath(QPointF(cx - 0.2 * s, cy + 0.01 * s))
        path.lineTo(cx - 0.05 * s, cy + 0.15 * s)
        path.lineTo(cx + 0.21 * s, cy - 0.14 * s)
        painter.drawPath(path)
    elif picture == "no":
        d = 0.15 * s
        painter.drawLine(QPointF(cx - d, cy - d), QPointF(cx + d, cy + d))
        painter.drawLine(QPointF(cx - d, cy + d), QPointF(cx + d, cy - d))
    elif picture == "not_sure":
        font = painter.font()
        font.setPixelSize(int(s * 0.5))
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, "?")
    else:
        d = 0.18 * s
        painter.drawLine(QPointF(cx - d, cy), QPointF(cx + d, cy))
        if picture == "more":
            painter.drawLine(QPointF(cx, cy - d), QPointF(cx, cy + d))


class KidButton(QPushButton):
    """A big, touch-friendly button. Left and Right go to the window (back and next); Up and
    Down move between the choices; Enter on a choice picks it and moves on."""

    def __init__(self, text: str, parent: QWidget | None = None, *, choice: bool = False,
                 exclusive: bool = False) -> None:
        super().__init__(text, parent)
        self.setAccessibleName(text)
        self.setMinimumHeight(64)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._choice = choice
        self._exclusive = exclusive
        if choice:
            self.setCheckable(True)
            self.setObjectName("choice")
        else:
            self.setAutoDefault(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            event.ignore()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.focusNextPrevChild(key == Qt.Key.Key_Down)
            return
        if self._choice and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._exclusive and not self.isChecked():
                self.click()
            event.ignore()
            return
        super().keyPressEvent(event)


class PictureButton(KidButton):
    """A tile with a large picture above its label, for the youngest children."""

    def __init__(self, text: str, picture: str, parent: QWidget | None = None, *,
                 exclusive: bool = True) -> None:
        super().__init__(text, parent, choice=True, exclusive=exclusive)
        self.picture = picture
        self.setObjectName("pictureChoice")
        self.setMinimumSize(170, 220)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(230, 270)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)
        area = QRectF(self.rect()).adjusted(14, 14, -14, -12)
        text_height = self.fontMetrics().height() * self._text_lines(area.width()) + 6
        picture_box = QRectF(area.left(), area.top(), area.width(), area.height() - text_height)
        draw_picture(painter, picture_box, self.picture)
        painter.setPen(self.palette().buttonText().color())
        painter.setFont(self.font())
        painter.drawText(QRectF(area.left(), area.bottom() - text_height, area.width(),
                                text_height),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                         self.text())
        painter.end()


    def _text_lines(self, width: float) -> int:
        """Two lines when this label or a neighbour's wraps, so every face is the same size."""
        parent = self.parentWidget()
        tiles = parent.findChildren(PictureButton) if parent is not None else [self]
        metrics = self.fontMetrics()
        return 2 if any(metrics.horizontalAdvance(t.text()) > width for t in tiles) else 1


class PictureLabel(QWidget):
    """A picture on its own (the welcome and thank-you screens); decorative for screen readers."""

    def __init__(self, picture: str, side: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = picture
        self.setFixedSize(side, side)
        self.setAccessibleName("Smiling face")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        draw_picture(painter, QRectF(self.rect()), self.picture)
        painter.end()
