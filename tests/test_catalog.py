"""The rule catalog as data: naming, severity policy, cells that exist, templates that render."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from pathlib import Path

from xxgk.formats import versions
from xxgk.model import Severity
from xxgk.rules import catalog
from xxgk.rules.catalog import _parse
from xxgk.workbook.layout import layout_for

KEYS = {key for v in versions() for key in layout_for(v).bindings}


def test_rule_ids_are_stable_kebab_case_and_every_field_is_filled():
    for rule in catalog().values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.id), rule.id
        assert rule.title and rule.message and rule.hint and rule.basis and rule.topic and rule.cells, rule.id
        assert set(rule.formats) <= set(versions()), rule.id


def test_practice_is_never_an_error():
    """format.md: rules of practice and plausibility are warnings (or info), never errors."""
    for rule in catalog().values():
        if rule.source == "实践":
            assert rule.severity is not Severity.error, rule.id


def test_every_cell_pattern_names_real_keys():
    for rule in catalog().values():
        for pattern in rule.cells:
            assert any(fnmatchcase(k, pattern) for k in KEYS), (rule.id, pattern)


def test_messages_are_chinese_with_named_arguments_only():
    for rule in catalog().values():
        assert re.search(r"[\u4e00-\u9fff]", rule.message) and re.search(r"[\u4e00-\u9fff]", rule.hint), rule.id
        assert "{}" not in rule.message, rule.id
        assert all(re.fullmatch(r"[a-z_]+", a) for a in rule.arguments), rule.id


def test_where_is_filled_from_the_labels():
    rule = catalog()["cell-blank"]
    assert rule.finding(row_label="行政许可", column_label="本年处理决定数量").message == \
        "“行政许可”行“本年处理决定数量”列未填写。"
    assert catalog()["text-missing"].finding(row_label="六、其他需要报告的事项").message == "“六、其他需要报告的事项”未填写。"


def test_the_catalog_read_at_start_up_is_what_the_file_says():
    """``catalog()`` comes from a cache (``parse_cache``) after the first start: it holds the file's rules."""
    path = Path(_parse.__code__.co_filename).with_name("catalog.toml")
    assert catalog() == _parse(path.read_bytes())
