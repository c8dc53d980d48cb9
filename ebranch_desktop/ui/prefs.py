"""Per-PC user preferences, each declared once with its key, type and default (QSettings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings

from ..paths import portable_data_dir


@dataclass(frozen=True)
class Pref:
    """One preference: where it lives in QSettings, its type and its default."""

    key: str
    type: type
    default: Any

    def get(self) -> Any:
        value = _settings().value(self.key, self.default)
        try:
            if self.type is bool and isinstance(value, str):
                return value.lower() in ("1", "true", "yes")
            return self.type(value)
        except (TypeError, ValueError):
            return self.default

    def set(self, value: Any) -> None:
        _settings().setValue(self.key, value)


def _settings() -> QSettings:
    """The registry / ~/.config normally; an .ini beside the data on a portable stick."""
    portable = portable_data_dir()
    if portable is not None:
        return QSettings(str(portable / "ebranch-desktop.ini"), QSettings.Format.IniFormat)
    return QSettings("ebranch", "ebranch-desktop")


LANGUAGE = Pref("ui/language", str, "zh")
FONT_POINT_SIZE = Pref("ui/font_point_size", int, 14)  # one of style.FONT_SIZES
WINDOW_GEOMETRY = Pref("ui/window_geometry", bytes, b"")
IDLE_LOCK_MINUTES = Pref("security/idle_lock_minutes", int, 10)  # 0: never
