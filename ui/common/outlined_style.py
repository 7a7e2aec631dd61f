"""Fusion, with check boxes and radio buttons outlined in dark and contrast themes.

Fusion draws the box of a check box in a shade darker than the window; on a dark palette
that is almost black on black (on a contrast theme, exactly), and the IRO cannot see the
box. This style draws Fusion's indicator and then, on a dark or contrast palette, outlines
it in a colour that reads on the window: the placeholder text's, or the text's in contrast.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

from ui.common.palettes import is_dark, is_high_contrast

PE = QStyle.PrimitiveElement
_BOXES = (PE.PE_IndicatorCheckBox, PE.PE_IndicatorItemViewItemCheck)


class OutlinedStyle(QProxyStyle):
    def drawPrimitive(self, element: PE, option: QStyleOption,  # noqa: N802 - Qt's name
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in (*_BOXES, PE.PE_IndicatorRadioButton):
            return
        palette = option.palette
        if not is_dark(palette):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        role = (QPalette.ColorRole.WindowText if is_high_contrast(palette)
                else QPalette.ColorRole.PlaceholderText)
        colour = palette.color(role)
        painter.setPen(QPen(colour, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        box = option.rect.adjusted(1, 1, -1, -1)
        if element == PE.PE_IndicatorRadioButton:
            painter.drawEllipse(box)
        else:
            painter.drawRect(box)
        painter.restore()
