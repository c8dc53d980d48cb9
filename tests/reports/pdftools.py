"""poppler-utils wrappers for checking PDFs the way a user's PC would read them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def text(path: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def pages(path: Path) -> int:
    return int(info(path)["Pages"].strip())


def fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts rows as dicts (name, type, emb, uni)."""
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = re.split(r"\s+", line.strip())
        # name type... encoding emb sub uni object ID: the flags are the 5th-3rd from the end.
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows
