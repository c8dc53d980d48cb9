"""Console output that never fails on a Chinese Windows code page (GBK/cp936) or any other.

A Windows console shows Unicode, but once `ebranch` writes to a pipe or a file (`ebranch … >
out.txt`, a support script, PYTHONIOENCODING=gbk) Python encodes with the ANSI code page: 936
(GBK) on Chinese Windows, which lacks symbols such as ✘ ⚠ ✔ and rare characters in names. Text
output then uses the nearest GBK symbol or "?" instead of failing with UnicodeEncodeError;
JSON output stays exact by escaping what the code page cannot hold (\\uXXXX is valid JSON).

The frozen programs ignore PYTHON* variables (PyInstaller sets Py_IgnoreEnvironmentFlag), so
PYTHONIOENCODING cannot choose their output encoding; EBRANCH_IO_ENCODING (e.g. utf-8 or cp936)
does, in the frozen and the source program alike.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from typing import Any, TextIO

ERRORS = "ebranch-console"
IO_ENCODING_ENV = "EBRANCH_IO_ENCODING"
# Symbols we or our users' data may print, and what GBK has instead.
SUBSTITUTES = {
    "✘": "×", "✗": "×", "✕": "×", "✖": "×", "❌": "×",
    "✔": "√", "✓": "√", "☑": "√", "✅": "√",
    "⚠": "!", "❗": "!", "ℹ": "i",
    "•": "·", "‣": "·", "⋯": "…",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "“": '"', "”": '"', "‘": "'", "’": "'",
}


def _substitute(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for ch in err.object[err.start:err.end]:
        sub = SUBSTITUTES.get(ch, "?")
        try:
            sub.encode(err.encoding)
        except (UnicodeEncodeError, LookupError):
            sub = "?"
        out.append(sub)
    return "".join(out), err.end


codecs.register_error(ERRORS, _substitute)


def _is_unicode(encoding: str | None) -> bool:
    return bool(encoding) and codecs.lookup(encoding).name.startswith("utf")


def configure_console() -> None:
    """Make stdout and stderr substitute what their encoding cannot show instead of failing.

    With EBRANCH_IO_ENCODING set, both streams use that encoding (an unknown name is ignored).
    """
    wanted = os.environ.get(IO_ENCODING_ENV)
    try:
        wanted = codecs.lookup(wanted).name if wanted else None
    except LookupError:
        wanted = None
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            if wanted:
                stream.reconfigure(encoding=wanted, errors=ERRORS)  # type: ignore[union-attr]
            elif not _is_unicode(getattr(stream, "encoding", None)):
                stream.reconfigure(errors=ERRORS)  # type: ignore[union-attr]
        except (AttributeError, ValueError):  # not a TextIOWrapper (a test's StringIO, a closed stream)
            pass


def json_text(value: Any, stream: TextIO | None = None) -> str:
    """JSON as readable as the stream's encoding allows, and always exact."""
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    encoding = getattr(stream if stream is not None else sys.stdout, "encoding", None)
    if encoding and not _is_unicode(encoding):
        try:
            text.encode(encoding)
        except UnicodeEncodeError:
            # Escape only what the code page lacks; everything else stays readable.
            text = "".join(ch if _encodable(ch, encoding) else _json_escape(ch) for ch in text)
    return text


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


def _json_escape(ch: str) -> str:
    # Outside strings JSON is ASCII, so every such character sits inside a string:
    # "\u2718", or a surrogate pair for characters beyond the BMP.
    return json.dumps(ch, ensure_ascii=True)[1:-1]


def write_json(value: Any) -> None:
    """Print one JSON document to stdout, whole (nothing half-written if encoding failed)."""
    sys.stdout.write(json_text(value) + "\n")
