"""Why an update package was refused or could not be installed, in Chinese and English."""

from __future__ import annotations


class UpdateError(Exception):
    """A refused package or a failed install step; `code` names the case for programs and tests.

    Whatever raises it has changed nothing (a refused package is never stored or unpacked).
    """

    def __init__(self, message: str, message_en: str, code: str = "error"):
        super().__init__(message)
        self.message = message
        self.message_en = message_en
        self.code = code

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang.startswith("en") else self.message
