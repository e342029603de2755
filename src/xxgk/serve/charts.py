"""The dashboard's charts, drawn on the server as SVG by pygal: a pure-Python library that writes SVG itself (no
numpy, no image backend), so the page loads each chart as an image from the service, with no network and no
script. pygal puts a script of its own in every chart (for its tooltips); it is taken out before the chart is
served, and the chart's answer carries a policy that runs none anyway."""

from __future__ import annotations

import pygal
from pygal.etree import etree  # lxml's or the standard library's, whichever pygal drew with
from pygal.style import Style

from ..figures import HEADLINE
from ..model import Number
from .dashboard import STATE_ORDER, Entry, Tally
from .submission import OVERDUE

SVG = "{http://www.w3.org/2000/svg}"
# the image's own policy: its inline styles, nothing else (an image never runs script; none is in it either)
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
STATE_COLOURS = {"not_submitted": "#9e9e9e", "returned": "#c62828", "uploaded": "#f0a000", "submitted": "#1a4fa0",
                 "accepted": "#1d7a3d"}
OVERDUE_COLOUR = "#8b0000"
STYLE = Style(font_family=FONT, background="#ffffff", plot_background="#ffffff", foreground="#222",
              foreground_strong="#222", foreground_subtle="#888", colors=("#8b0000", "#9e9e9e", "#1a4fa0"),
              title_font_size=17, label_font_size=13, major_label_font_size=13, legend_font_size=13,
              value_font_size=13, no_data_font_size=28)
ROW = 24  # pixels per agency in the chart of applications


def _svg(chart) -> bytes:
    """The chart's SVG without its scripts."""
    tree = chart.render_tree()
    for parent in tree.iter():
        for child in list(parent):
            if child.tag in (f"{SVG}script", "script"):
                parent.remove(child)
    return etree.tostring(tree, encoding="utf-8", xml_declaration=True)


def _config(**options) -> dict:
    return {"style": STYLE, "js": [], "disable_xml_declaration": False, "width": 520, "show_legend": False,
            "print_values": True, "explicit_size": False, "no_data_text": "暂无数据", **options}


def states(tally: Tally) -> bytes:
    """How many agencies are in each state, and how many are late."""
    chart = pygal.HorizontalBar(**_config(height=340, title=f"报送状态（共 {tally.total} 个单位）"))
    labels, values = [], []
    for state in STATE_ORDER:
        labels.append(state.label)
        values.append({"value": tally.states.get(state, 0), "color": STATE_COLOURS[state.value]})
    labels.append(OVERDUE)
    values.append({"value": tally.overdue, "color": OVERDUE_COLOUR})
    chart.x_labels = labels[::-1]  # a horizontal bar is drawn bottom-up: the states' order from the top
    chart.add("单位数", values[::-1])
    return _svg(chart)


def received(found: list[Entry], key_label: str) -> bytes:
    """表三 一、本年新收 总计 of every agency whose latest version holds it (the others are named in the title)."""
    read = [(e.name, e.received) for e in found if e.received is not None]
    missing = len(found) - len(read)
    title = key_label + (f"（{missing} 个单位尚未上传或未读取到该数）" if missing else "")
    chart = pygal.HorizontalBar(**_config(height=80 + ROW * max(len(read), 1), title=title, truncate_label=14,
                                          width=800))
    read.sort(key=lambda pair: pair[1])  # drawn bottom-up: the largest on top
    chart.x_labels = [name for name, _ in read]
    chart.add(key_label, [value for _, value in read])
    return _svg(chart)


def years(this: dict[str, Number | None], last: dict[str, Number | None] | None, year: int) -> bytes:
    """The collection's totals against the same office's of the year before (accepted reports only)."""
    chart = pygal.Bar(**_config(height=380, title=f"{year} 年度与 {year - 1} 年度汇总对比（已接收的报告）",
                                show_legend=True, legend_at_bottom=True, x_label_rotation=20))
    chart.x_labels = list(HEADLINE.values())
    none = "（无已接收的报告）"
    chart.add(f"{year} 年度" + ("" if this else none), [this.get(key) for key in HEADLINE])
    chart.add(f"{year - 1} 年度" + ("" if last else none),
              [last.get(key) for key in HEADLINE] if last else [None] * len(HEADLINE))
    return _svg(chart)
