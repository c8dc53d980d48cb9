"""Translation build steps: Chinese is the source language, English the translation.

    python tools/i18n.py update    # pyside6-lupdate: collect tr() strings into the .ts files
    python tools/i18n.py release   # pyside6-lrelease: compile every .ts into its .qm
    python tools/i18n.py check     # placeholders match, nothing unfinished

Each area keeps its own .ts (ebranch_en.ts for the main window, reports_en.ts, ...), so
people working on different parts do not edit the same file; the app loads every *_en.qm.
Translate with Qt Linguist (`pyside6-linguist resources/translations/ebranch_en.ts`).
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
BIN = Path(sys.executable).parent
# .ts file → the source files it collects strings from.
CATALOGS = {
    "ebranch_en.ts": sorted(str(p) for p in (ROOT / "ebranch_desktop" / "ui").glob("*.py")),
}
PLACEHOLDER = re.compile(r"%(?:\d+|n)")


def update() -> None:
    for ts, sources in CATALOGS.items():
        subprocess.run(
            [str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-source-language", "zh_CN",
             "-target-language", "en", "-ts", str(TS_DIR / ts)],
            check=True,
        )


def release() -> None:
    for ts in sorted(TS_DIR.glob("*.ts")):
        subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


def problems(ts: Path) -> list[str]:
    """Unfinished messages and translations whose placeholders differ from the source."""
    found = []
    for message in ET.parse(ts).getroot().iter("message"):
        source = message.findtext("source") or ""
        node = message.find("translation")
        text = "" if node is None else "".join(node.itertext())
        kind = "" if node is None else node.get("type", "")
        if kind in ("unfinished", "vanished", "obsolete") or not text:
            if kind not in ("vanished", "obsolete"):
                found.append(f"{ts.name}: untranslated: {source!r}")
            continue
        forms = [f.text or "" for f in node.iter("numerusform")] or [text]
        for form in forms:
            if sorted(set(PLACEHOLDER.findall(source))) != sorted(set(PLACEHOLDER.findall(form))):
                found.append(f"{ts.name}: placeholders differ: {source!r} -> {form!r}")
    return found


def check() -> int:
    issues = [p for ts in sorted(TS_DIR.glob("*.ts")) for p in problems(ts)]
    for line in issues:
        print(line)
    return 1 if issues else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "release":
        release()
    sys.exit(check() if command == "check" else 0)
