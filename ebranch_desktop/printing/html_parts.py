"""HTML building blocks that QTextDocument renders well on paper: titles, tables, label rows.

QTextDocument understands a subset of HTML/CSS: lengths are in 96-dpi pixels of the layout,
`<thead>` rows repeat on every page, and collapsed 1-px borders print as thin black lines.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

STYLE = """
<style>
  h1 { font-size: 18pt; font-weight: bold; text-align: center; margin-bottom: 4px; }
  h2 { font-size: 13pt; font-weight: bold; margin-top: 14px; margin-bottom: 6px; }
  p { margin-top: 2px; margin-bottom: 4px; line-height: 140%; }
  .sub { text-align: center; font-size: 10pt; margin-bottom: 10px; }
  .note { font-size: 9pt; color: #333333; }
  th { font-weight: bold; background-color: #e6e6e6; }
  td.label { font-weight: bold; background-color: #f2f2f2; }
  td.num { text-align: right; }
  td.center { text-align: center; }
  td.bad { background-color: #f4c7c3; font-weight: bold; }
  td.good { background-color: #d9ead3; }
  td.wait { background-color: #fff2cc; }
</style>
"""

TABLE_OPEN = (
    '<table width="100%" border="1" cellspacing="0" cellpadding="{pad}" '
    'style="border-collapse: collapse; border-color: #000000; border-style: solid;">'
)


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def lines(text: str) -> str:
    """Plain text with its line breaks kept, as HTML."""
    return "<br/>".join(esc(line) for line in (text or "").splitlines())


def page(title: str, subtitle: str, body: str) -> str:
    return (
        f"<html><head>{STYLE}</head><body>"
        f"<h1>{esc(title)}</h1><p class='sub'>{esc(subtitle)}</p>{body}</body></html>"
    )


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[int] | None = None,
    *,
    pad: int = 5,
    classes: Sequence[Sequence[str]] | None = None,
    columns: Sequence[str] | None = None,
    raw: bool = False,
) -> str:
    """A bordered table whose header row repeats on each page. `widths` are percentages.

    `classes[r][c]` styles a cell ('num', 'bad', ...), `columns[c]` a whole column;
    `raw` means cells are HTML already.
    """
    out = [TABLE_OPEN.format(pad=pad), "<thead><tr>"]
    for i, h in enumerate(headers):
        width = f' width="{widths[i]}%"' if widths else ""
        out.append(f"<th{width}>{esc(h)}</th>")
    out.append("</tr></thead><tbody>")
    for r, row in enumerate(rows):
        out.append("<tr>")
        for c, value in enumerate(row):
            cls = (classes[r][c] if classes else "") or (columns[c] if columns else "")
            attr = f' class="{cls}"' if cls else ""
            out.append(f"<td{attr}>{value if raw else esc(value)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def field_table(pairs: Sequence[tuple[str, str]], wide: Sequence[tuple[str, str]] = ()) -> str:
    """Label/value pairs two to a row, then `wide` pairs one to a row, in one bordered grid.

    Values are HTML already (callers escape them).
    """
    out = [TABLE_OPEN.format(pad=6)]
    for i in range(0, len(pairs), 2):
        chunk = pairs[i : i + 2]
        out.append("<tr>")
        for n, (label, value) in enumerate(chunk):
            span = ' colspan="3"' if len(chunk) == 1 and n == 0 else ""
            out.append(f'<td class="label" width="14%">{esc(label)}</td><td width="36%"{span}>{value}</td>')
        out.append("</tr>")
    for label, value in wide:
        out.append(f'<tr><td class="label" width="14%">{esc(label)}</td><td colspan="3">{value}</td></tr>')
    out.append("</table>")
    return "".join(out)
