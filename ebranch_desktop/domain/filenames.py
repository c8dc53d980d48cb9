"""File names Windows (and a FAT/exFAT USB stick) accepts: the one helper for every name we propose or write.

Windows refuses `< > : " / \\ | ? *` and control characters, silently drops trailing dots and
spaces (so "报告." and "报告" are one file), treats CON, PRN, AUX, NUL, COM1…9, LPT1…9 (with any
extension: "con.pdf") as devices, and many programs fail on paths over 260 characters. The same
rules are applied on every platform: files travel between PCs on USB sticks.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ValidationError

FORBIDDEN = '<>:"/\\|?*'
_FORBIDDEN_RUN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_RESERVED = (
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")}
)
# A whole file name, suffix included. Documents folder (~60 characters) + name stays well under
# Windows' 260; 200 bytes of UTF-8 stays under Linux's 255 bytes per name for any script.
MAX_CHARS = 80
MAX_UTF8_BYTES = 200


def is_reserved(name: str) -> bool:
    """True for a Windows device name, with or without extension ("CON", "com1.txt", "Nul .pdf")."""
    return name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED


def name_problem(name: str) -> tuple[str, str] | None:
    """Why Windows would refuse or alter this file name, as (zh, en); None when it is fine."""
    if not name or not name.strip(" ."):
        return "文件名为空", "the file name is empty"
    bad = sorted({ch for ch in name if ch in FORBIDDEN or ord(ch) < 32 or ord(ch) == 127})
    if bad:
        shown = " ".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in bad)
        return (f"文件名含有 Windows 不允许的字符：{shown}",
                f"the file name contains characters Windows forbids: {shown}")
    if name != name.rstrip(" ."):
        return "文件名不能以句点或空格结尾", "the file name must not end in a dot or a space"
    if is_reserved(name):
        return (f"“{name.split('.', 1)[0]}”是 Windows 的设备保留名，不能用作文件名",
                f'"{name.split(".", 1)[0]}" is a reserved device name on Windows')
    if len(name) > MAX_CHARS or len(name.encode("utf-8")) > MAX_UTF8_BYTES:
        return f"文件名太长（最多 {MAX_CHARS} 个字符）", f"the file name is too long (at most {MAX_CHARS} characters)"
    return None


def safe_file_name(name: str, suffix: str = "", *, fallback: str = "document") -> str:
    """`name` (+ `suffix`, e.g. ".pdf") turned into a name every Windows PC accepts.

    Forbidden characters become "-", device names get a trailing "_", trailing dots and spaces
    go, and an overlong name is cut (keeping the suffix). Never returns an empty name.
    """
    if suffix and name.lower().endswith(suffix.lower()):
        name = name[: -len(suffix)]
    stem = _FORBIDDEN_RUN.sub("-", name)
    stem = re.sub(r"\s+", " ", stem).strip(" .")
    if not stem.strip(" .-"):
        stem = fallback
    if is_reserved(stem + suffix):
        head, dot, rest = stem.partition(".")
        stem = f"{head.rstrip(' ')}_{dot}{rest}"
    limit_chars = MAX_CHARS - len(suffix)
    limit_bytes = MAX_UTF8_BYTES - len(suffix.encode("utf-8"))
    if len(stem) > limit_chars or len(stem.encode("utf-8")) > limit_bytes:
        stem = stem[:limit_chars]
        while len(stem.encode("utf-8")) > limit_bytes:
            stem = stem[:-1]
        stem = stem.rstrip(" .")  # the device names are short: a cut never makes one again
    return stem + suffix


def safe_path(path: str | Path, suffix: str = "") -> Path:
    """The same folder, with the last part made safe (for a name a user typed in a save dialog)."""
    path = Path(path)
    return path.with_name(safe_file_name(path.name, suffix))


def check_output_path(path: str | Path, field: str = "out") -> Path:
    """Refuse (ValidationError) an output file whose name Windows would refuse, suggesting a safe one."""
    path = Path(path)
    problem = name_problem(path.name)
    if problem is None:
        return path
    suffix = path.suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", path.suffix) else ""
    suggestion = safe_file_name(path.name, suffix)
    raise ValidationError(
        f"不能写入 {path.name}：{problem[0]}。可改为：{suggestion}",
        f"Cannot write {path.name}: {problem[1]}. Try: {suggestion}",
        field,
    )
