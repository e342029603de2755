"""The catalog for people and programs: ``xxgk rules`` as text, Markdown (``docs/rules.md``) or JSON."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from ..files import canonical_json
from .catalog import Rule, catalog

SOURCE_NAMES = {
    "格式": "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
    "条例": "《中华人民共和国政府信息公开条例》",
    "实践": "各地编制和审核年度报告的通行做法",
    "读取": "工作簿的读取（单元格中实际填写的内容）",
}


def _by_topic() -> list[tuple[str, list[Rule]]]:
    return [(topic, list(rules)) for topic, rules in groupby(catalog().values(), key=lambda r: r.topic)]


def _formats(rule: Rule) -> str:
    return "、".join(f"{v} 版" for v in rule.formats) if rule.formats else "全部"


def as_data() -> list[dict[str, Any]]:
    return [{
        "id": r.id, "severity": r.severity.value, "topic": r.topic, "title": r.title, "message": r.message,
        "arguments": [a for a in r.arguments if a != "where"], "hint": r.hint, "basis": r.basis, "source": r.source,
        "cells": list(r.cells), "formats": list(r.formats),
    } for r in catalog().values()]


def as_json() -> str:
    return canonical_json(as_data())


def as_text() -> str:
    width = max(len(r.id) for r in catalog().values())
    lines = []
    for topic, rules in _by_topic():
        lines.append(f"【{topic}】")
        lines += [f"  {r.id:<{width}}  {r.severity.label}  {r.title}" for r in rules]
        lines.append("")
    lines.append(f"共 {len(catalog())} 条规则。")
    return "\n".join(lines) + "\n"


def as_markdown() -> str:
    lines = [
        "# 校验规则",
        "",
        "<!-- 本文件由 `xxgk rules --format markdown > docs/rules.md` 生成，请勿手工修改。 -->",
        "",
        (f"`xxgk validate` 按以下 {len(catalog())} 条规则校验年度报告。规则的定义在 `src/xxgk/rules/catalog.toml`，"
         "每条规则的检查是 `src/xxgk/rules/checks/` 中登记在其编号下的一个函数（读取类规则由工作簿读取程序和已发布报告的导入程序检查；“读取已发布的报告”一类只是读取情况，不算报告的问题）。"),
        "",
        ("级别：**错误**表示报告不符合格式或条例，`xxgk validate` 以退出码 1 结束；**警告**表示很可能有误、需要核对；"
         "**提示**是行文规范方面的建议。消息中的 `{where}` 是单元格的官方行列名称，其余花括号为该规则的参数。"),
        "",
        "依据的来源：",
        "",
        *[f"- {key}：{name}" for key, name in SOURCE_NAMES.items()],
        "",
    ]
    for topic, rules in _by_topic():
        lines += [f"## {topic}", "", "| 编号 | 级别 | 名称 | 适用格式 |", "|---|---|---|---|"]
        lines += [f"| [`{r.id}`](#{r.id}) | {r.severity.label} | {r.title} | {_formats(r)} |" for r in rules]
        lines.append("")
        for r in rules:
            lines += [
                f"### {r.id}",
                "",
                f"**{r.title}**（{r.severity.label}）",
                "",
                f"- 依据（{r.source}）：{r.basis}",
                f"- 消息：{r.message}",
                f"- 修改建议：{r.hint}",
                f"- 涉及单元格：{'、'.join(f'`{c}`' for c in r.cells)}",
                f"- 适用格式：{_formats(r)}",
                "",
            ]
    return "\n".join(lines)
