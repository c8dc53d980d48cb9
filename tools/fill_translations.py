"""Fill unfinished messages of a .ts catalog from a JSON map {source: translation}.

    python tools/fill_translations.py resources/translations/ebranch_en.ts translations.json

For bulk work (a branch merged, a batch of new strings); Qt Linguist remains the tool for
reviewing. Only messages still unfinished are touched. Run `python tools/i18n.py update` and
`release` afterwards: lupdate puts the file back in its own layout.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def fill(ts: Path, mapping: dict[str, str]) -> int:
    tree = ET.parse(ts)
    done = 0
    for message in tree.getroot().iter("message"):
        node = message.find("translation")
        source = message.findtext("source") or ""
        if node is None or node.get("type") != "unfinished" or source not in mapping:
            continue
        if message.get("numerus") == "yes":
            continue  # plural forms: by hand
        node.text = mapping[source]
        del node.attrib["type"]
        done += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    text = ts.read_text(encoding="utf-8").replace("<?xml version='1.0' encoding='utf-8'?>",
                                                  '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>', 1)
    ts.write_text(text, encoding="utf-8")
    return done


if __name__ == "__main__":
    catalog, table = Path(sys.argv[1]), Path(sys.argv[2])
    print(fill(catalog, json.loads(table.read_text(encoding="utf-8"))), "filled")
