"""The one exception type the domain and service layers raise for bad user input."""

from __future__ import annotations


class ValidationError(ValueError):
    """Input that a user must correct; carries a Chinese message and its English text.

    `field` names the offending field (wire/ORM name) so forms can highlight it.
    """

    def __init__(self, message_zh: str, message_en: str, field: str | None = None):
        super().__init__(message_zh)
        self.message_zh = message_zh
        self.message_en = message_en
        self.field = field

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang.startswith("en") else self.message_zh

    def __str__(self) -> str:
        return f"{self.message_zh} ({self.message_en})"
