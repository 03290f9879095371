"""Charts of the monitoring as inline SVG, drawn on the server (no
JavaScript, nothing loaded from elsewhere, printable): a stacked
horizontal bar per row (the OPDs' releases by status) and stacked columns
per quarter (the trend). Pure Python, no CKAN imports. Class names
are prefixed (``sdc-``): the site's CSS (Bootstrap's ``.row > *``) must
not reach inside.

Every text that comes from data (an OPD's title, a label) is escaped.
Each chart is an ``<svg role="img">`` named by its ``<title>`` and
described by its ``<desc>``; :func:`figure` puts it with a data table
that says the same in numbers (for screen readers, text browsers and
anyone who wants the figures).
"""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Iterable, Mapping, Sequence

from markupsafe import Markup

#: pixels
_LABEL_W, _BAR_W, _ROW_H, _BAR_H, _GAP = 210, 460, 28, 18, 6
_LEGEND_H = 28
_COL_W, _PLOT_H, _AXIS_W = 60, 180, 36
_MAX_LABEL = 32


@dataclasses.dataclass(frozen=True)
class Series:
    """One stacked part: the ``key`` of its values, its ``label`` and
    ``color`` (a CSS colour of the code, never from data)."""

    key: str
    label: str
    color: str


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _id(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", value) or "chart"


def _short(text: str) -> str:
    return text if len(text) <= _MAX_LABEL else text[:_MAX_LABEL - 1] + "…"


def _total(values: Mapping[str, int], series: Sequence[Series]) -> int:
    return sum(int(values.get(s.key) or 0) for s in series)


def _legend(series: Sequence[Series], x: int) -> list[str]:
    out = ['<g class="sdc-legend">']
    for s in series:
        out.append(f'<rect x="{x}" y="6" width="14" height="14" '
                   f'fill="{_e(s.color)}"/>')
        out.append(f'<text x="{x + 20}" y="18">{_e(s.label)}</text>')
        x += 28 + 8 * len(s.label)
    out.append("</g>")
    return out


def _open(chart_id: str, width: int, height: int, title: str,
          desc: str) -> list[str]:
    cid = _id(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="satudata-chart" '
        f'id="{cid}" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" '
        f'aria-labelledby="{cid}-title {cid}-desc" '
        f'font-family="sans-serif" font-size="12">',
        f'<title id="{cid}-title">{_e(title)}</title>',
        f'<desc id="{cid}-desc">{_e(desc)}</desc>',
    ]


def stacked_bars(rows: Sequence[tuple[str, Mapping[str, int]]],
                 series: Sequence[Series], *, chart_id: str, title: str,
                 desc: str) -> Markup:
    """A horizontal bar per ``(label, values)`` row, its parts the
    ``series`` values stacked, the total at its end; one scale for all."""
    top = max([_total(v, series) for _, v in rows] + [1])
    height = _LEGEND_H + _ROW_H * max(len(rows), 1) + _GAP
    width = _LABEL_W + _BAR_W + 50
    out = _open(chart_id, width, height, title, desc)
    out += _legend(series, _LABEL_W)
    for i, (label, values) in enumerate(rows):
        y = _LEGEND_H + i * _ROW_H
        out.append('<g class="sdc-bar">')
        out.append(f'<text x="{_LABEL_W - 8}" y="{y + _BAR_H - 4}" '
                   f'text-anchor="end"><title>{_e(label)}</title>'
                   f'{_e(_short(label))}</text>')
        x = float(_LABEL_W)
        for s in series:
            value = int(values.get(s.key) or 0)
            if not value:
                continue
            w = _BAR_W * value / top
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" '
                       f'height="{_BAR_H}" fill="{_e(s.color)}">'
                       f'<title>{_e(label)}: {_e(s.label)} {value}</title>'
                       f'</rect>')
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + _BAR_H - 4}">'
                   f'{_total(values, series)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


def stacked_columns(columns: Sequence[tuple[str, Mapping[str, int]]],
                    series: Sequence[Series], *, chart_id: str, title: str,
                    desc: str) -> Markup:
    """A column per ``(label, values)`` (the quarters), its parts the
    ``series`` values stacked, with a vertical axis of whole numbers."""
    top = max([_total(v, series) for _, v in columns] + [1])
    step = max(1, -(-top // 4))
    top = step * -(-top // step)
    width = _AXIS_W + _COL_W * max(len(columns), 1) + 10
    width = max(width, _AXIS_W + 8 * sum(len(s.label) + 4 for s in series))
    height = _LEGEND_H + _PLOT_H + 40
    base = _LEGEND_H + _PLOT_H
    out = _open(chart_id, width, height, title, desc)
    out += _legend(series, _AXIS_W)
    out.append('<g class="sdc-axis" stroke="#999">')
    for tick in range(0, top + 1, step):
        y = base - _PLOT_H * tick / top
        out.append(f'<line x1="{_AXIS_W}" x2="{width - 4}" y1="{y:.1f}" '
                   f'y2="{y:.1f}" stroke-opacity="0.3"/>')
        out.append(f'<text x="{_AXIS_W - 6}" y="{y + 4:.1f}" stroke="none" '
                   f'text-anchor="end">{tick}</text>')
    out.append("</g>")
    for i, (label, values) in enumerate(columns):
        x = _AXIS_W + i * _COL_W + 6
        y = float(base)
        out.append('<g class="sdc-column">')
        for s in series:
            value = int(values.get(s.key) or 0)
            if not value:
                continue
            h = _PLOT_H * value / top
            y -= h
            out.append(f'<rect x="{x}" y="{y:.1f}" width="{_COL_W - 12}" '
                       f'height="{h:.1f}" fill="{_e(s.color)}">'
                       f'<title>{_e(label)}: {_e(s.label)} {value}</title>'
                       f'</rect>')
        out.append(f'<text x="{x + (_COL_W - 12) / 2:.1f}" '
                   f'y="{base + 16}" text-anchor="middle" font-size="10">'
                   f'{_e(label)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


def data_table(caption: str, header: Sequence[str],
               rows: Iterable[Sequence[object]], *,
               table_class: str = "table table-sm") -> Markup:
    """An HTML table of the chart's numbers, every cell escaped."""
    out = [f'<table class="{_e(table_class)}"><caption>{_e(caption)}'
           "</caption><thead><tr>"]
    out += [f'<th scope="col">{_e(h)}</th>' for h in header]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = list(row)
        out.append(f'<tr><th scope="row">{_e(cells[0])}</th>')
        out += [f"<td>{_e(c)}</td>" for c in cells[1:]]
        out.append("</tr>")
    out.append("</tbody></table>")
    return Markup("".join(out))


def figure(chart: Markup, table: Markup, *, caption: str,
           show_data: str) -> Markup:
    """The chart with its caption, and its numbers in a table that a
    click opens (``show_data``: the words on the switch)."""
    return Markup(
        f'<figure class="satudata-figure">{chart}'
        f"<figcaption>{_e(caption)}</figcaption>"
        f'<details class="satudata-chart-data"><summary>{_e(show_data)}'
        f"</summary>{table}</details></figure>")
