"""Draw the application icon (resources/icons/ebranch.png and .ico) with Qt: no image tools needed.

    QT_QPA_PLATFORM=offscreen python tools/make_icon.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor("#c8161d"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(0, 0, size, size), size * 0.18, size * 0.18)
    font = QFont()
    font.setFamilies(["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei"])
    font.setBold(True)
    font.setPixelSize(int(size * 0.34))
    p.setFont(font)
    p.setPen(QColor("#ffd54f"))
    p.drawText(QRectF(0, -size * 0.04, size, size * 0.7), Qt.AlignmentFlag.AlignCenter, "e支部")
    font.setPixelSize(int(size * 0.17))
    p.setFont(font)
    p.setPen(QColor("#ffffff"))
    p.drawText(QRectF(0, size * 0.56, size, size * 0.36), Qt.AlignmentFlag.AlignCenter, "组织生活")
    p.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(OUT / "ebranch.png"))
    draw(256).save(str(OUT / "ebranch.ico"))  # Qt's ico writer: one 256 px image
    print("wrote", OUT / "ebranch.png", OUT / "ebranch.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
