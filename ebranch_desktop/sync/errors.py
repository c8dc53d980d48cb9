"""What can go wrong talking to the server, each with a message for the user in both languages."""

from __future__ import annotations


class SyncError(Exception):
    """Base: `message` (Chinese) and `message_en` are shown to the user as they are."""

    kind = "error"

    def __init__(self, message: str, message_en: str):
        super().__init__(message)
        self.message = message
        self.message_en = message_en

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang.startswith("en") else self.message


class Unreachable(SyncError):
    """No answer: network down, server stopped, timeout. Retried automatically later."""

    kind = "unreachable"


class AuthRequired(SyncError):
    """No token, or the server no longer accepts it: the user must sign in online again."""

    kind = "auth"


class UpdateRequired(SyncError):
    """Protocol versions do not match: the program (or the server) must be updated.

    `offer` is the newer program the server holds for this client (wire.ClientUpdate), if any.
    """

    kind = "update"
    offer = None
    code = None  # the ErrorBody's: "client_outdated" or "server_outdated" (None: no body)


class Refused(SyncError):
    """The server understood and said no (4xx with a message)."""

    kind = "refused"

    def __init__(self, message: str, message_en: str, *, status: int | None = None, code: str = ""):
        super().__init__(message, message_en)
        self.status = status
        self.code = code


class BadAnswer(SyncError):
    """The server's answer was broken (5xx, not JSON, wrong shape)."""

    kind = "bad_answer"


class ScopeMismatch(SyncError):
    """This account belongs to another organization than the workspace."""

    kind = "scope"
