"""The rule catalog (``catalog.toml``): every rule's id, severity, Chinese message and hint."""

from __future__ import annotations

import string
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import Any

from ..model import Finding, Origin, Severity
from ..parse_cache import parsed

SOURCES = ("格式", "条例", "实践", "读取")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    message: str
    hint: str
    source: str
    formats: tuple[str, ...] = ()
    topic: str = ""
    basis: str = ""
    cells: tuple[str, ...] = ()
    reader: bool = False

    def applies_to(self, version: str) -> bool:
        return not self.formats or version in self.formats

    def involves(self, key: str) -> bool:
        """Whether a canonical key is one of the cells this rule is about."""
        return any(fnmatchcase(key, pattern) for pattern in self.cells)

    @property
    def arguments(self) -> tuple[str, ...]:
        """The named arguments of the message template (``where`` is filled from the location)."""
        names = (name for _, name, _, _ in string.Formatter().parse(self.message) if name)
        return tuple(dict.fromkeys(names))

    def finding(
        self,
        *,
        sheet: str | None = None,
        cell: str | None = None,
        row_label: str | None = None,
        column_label: str | None = None,
        key: str | None = None,
        origin: Origin = "report",
        **args: Any,
    ) -> Finding:
        """A finding of this rule; ``where`` (the cell's labels) is filled in when not given. Built without
        validation (its fields are the catalog's and the checks' own): validating builds pydantic's schema of a
        finding, which a one-file command would pay at start-up."""
        if "where" not in args:
            args["where"] = where(row_label, column_label)
        return Finding.model_construct(
            rule=self.id,
            severity=self.severity,
            sheet=sheet,
            cell=cell,
            row_label=row_label,
            column_label=column_label,
            key=key,
            args={k: v for k, v in args.items() if k != "where"},
            message=self.message.format(**args),
            hint=self.hint,
            origin=origin,
        )


def where(row_label: str | None, column_label: str | None) -> str:
    if row_label and column_label:
        return f"“{row_label}”行“{column_label}”列"
    return f"“{row_label or column_label}”" if (row_label or column_label) else "本报告"


@cache
def catalog() -> dict[str, Rule]:
    """The rules by id, parsed once (``parse_cache``)."""
    return parsed(Path(__file__).with_name("catalog.toml"), "catalog", _parse, dict, [Path(__file__)])


def _parse(source: bytes) -> dict[str, Rule]:
    import tomllib  # only when the cache is missing or stale

    data = tomllib.loads(source.decode("utf-8"))
    rules = {}
    for entry in data["rule"]:
        rule = Rule(
            id=entry["id"],
            severity=Severity(entry["severity"]),
            title=entry["title"],
            message=entry["message"],
            hint=entry["hint"],
            source=entry["source"],
            formats=tuple(entry.get("formats", ())),
            topic=entry["topic"],
            basis=entry["basis"],
            cells=tuple(entry["cells"]),
            reader=entry.get("reader", False),
        )
        if rule.id in rules:
            raise ValueError(f"duplicate rule id {rule.id}")
        if rule.source not in SOURCES:
            raise ValueError(f"rule {rule.id}: unknown source {rule.source}")
        rules[rule.id] = rule
    return rules


def rule(rule_id: str) -> Rule:
    return catalog()[rule_id]
