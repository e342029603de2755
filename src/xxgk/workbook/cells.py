"""Where every key sits in the template, for people: ``docs/cells.md``.

``python -m xxgk.workbook.cells > docs/cells.md`` regenerates it from the layouts of every format version; a
test keeps the committed file current.
"""

from __future__ import annotations

import sys
from itertools import groupby

from ..formats import versions
from .layout import layout_for
from .template import defined_name


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown() -> str:
    lines = [
        "# 单元格与键名",
        "",
        "<!-- 本文件由 `python -m xxgk.workbook.cells > docs/cells.md` 生成，请勿手工修改。 -->",
        "",
        ("填报模板中每个填报和自动计算的单元格对应规范 JSON 中的一个键名（如 `t3.new_received.natural_person`）。"
         "下表按格式版本和工作表列出每个键名所在的单元格、官方行列名称和工作簿中的名称（定义名称）；"
         "合并单元格写作区域（如 `B15:D15`，数值在左上角单元格）。校验结果中的工作表、单元格和行列名称与此一致。“自动计算”的单元格是合计，由公式计算，不需填写。"),
        "",
        "| 格式版本 | 依据 | 模板 |",
        "|---|---|---|",
    ]
    layouts = [layout_for(v) for v in versions()]
    lines += [f"| [{lay.format.version} 版](#v{lay.format.version}) | {lay.format.name}（{lay.format.notice}） | "
              f"`workbook_templates/annual-report-{lay.format.version}.xlsx` |" for lay in layouts]
    for layout in layouts:
        fmt = layout.format
        lines += ["", f'<a id="v{fmt.version}"></a>', "", f"## {fmt.version} 版（{fmt.notice}）"]
        for sheet, bindings in groupby(layout.bindings.values(), key=lambda b: b.sheet):
            lines += ["", f"### {sheet}", "", "| 键名 | 单元格 | 行 | 列 | 填写 | 名称 |", "|---|---|---|---|---|---|"]
            lines += [f"| `{b.key}` | {b.ref} | {_cell(b.row_label)} | {_cell(b.column_label)} | "
                      f"{'自动计算' if b.derived else '填报'} | `{defined_name(b.key)}` |" for b in bindings]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(as_markdown())
