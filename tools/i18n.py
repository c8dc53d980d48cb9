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
# .ts file → the source files it collects strings from (every file with tr() is in one).
CATALOGS = {
    "ebranch_en.ts": sorted(str(p) for p in (ROOT / "ebranch_desktop" / "ui").glob("*.py")
                            if p.name not in ("package_actions.py", "update_actions.py")),
    "packages_en.ts": [str(ROOT / "ebranch_desktop" / "ui" / "package_actions.py")],
    "updates_en.ts": [str(ROOT / "ebranch_desktop" / "ui" / "update_actions.py")],
    "reports_en.ts": sorted(str(p) for p in (ROOT / "ebranch_desktop" / "ui" / "reports").glob("*.py")),
}
PLACEHOLDER = re.compile(r"%(?:\d+|n)")


def update() -> None:
    """Collect the strings, keeping every translation made before, also when a string moved
    to another file or catalog (same context and source)."""
    known = translations()
    for ts, sources in CATALOGS.items():
        command = [str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-source-language", "zh_CN",
                   "-target-language", "en", "-ts", str(TS_DIR / ts)]
        subprocess.run(command, check=True)
        if fill(TS_DIR / ts, known):
            subprocess.run(command, check=True, capture_output=True)  # back to lupdate's own layout


def translations() -> dict[tuple[str, str], ET.Element]:
    """(context, source) → the finished <translation> element, from every catalog."""
    out = {}
    for ts in sorted(TS_DIR.glob("*.ts")):
        for context in ET.parse(ts).getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                node = message.find("translation")
                if node is not None and not node.get("type") and "".join(node.itertext()):
                    out[(name, message.findtext("source") or "")] = node
    return out


def fill(ts: Path, known: dict[tuple[str, str], ET.Element]) -> bool:
    """Give unfinished messages the translation the same string had before; True if any."""
    tree = ET.parse(ts)
    changed = False
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            node = message.find("translation")
            earlier = known.get((name, message.findtext("source") or ""))
            if node is not None and node.get("type") == "unfinished" and earlier is not None:
                message.remove(node)
                message.append(earlier)
                changed = True
    if changed:
        write(tree, ts)
    return changed


def write(tree: ET.ElementTree, ts: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def untranslated_sources() -> list[str]:
    """tr() strings of the code that no catalog translates: lupdate into a scratch catalog
    and compare (the check CI and the tests run; finds strings nobody ran `update` for)."""
    import tempfile

    known = translations()
    missing = []
    with tempfile.TemporaryDirectory() as tmp:
        for ts, sources in CATALOGS.items():
            scratch = Path(tmp) / ts
            subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-source-language", "zh_CN",
                            "-target-language", "en", "-ts", str(scratch)], check=True, capture_output=True)
            for context in ET.parse(scratch).getroot().iter("context"):
                name = context.findtext("name") or ""
                for message in context.iter("message"):
                    source = message.findtext("source") or ""
                    if (name, source) not in known:
                        missing.append(f"{ts}: {name}: {source!r}")
    return missing


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
    issues += [f"not in any catalog (run update): {m}" for m in untranslated_sources()]
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
