"""What a check may look at besides the report: last year's report and the settings of this validation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from ..errors import XxgkError
from ..model import AnnualReport, Finding, Number, Severity

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """Choices of whoever runs the validation (the CLI, the Excel add-in, the batch command).

    ``deadline``: the local deadline for the report (乡镇、街道 have one set by their county). Without it a
    township's signing date is not checked; for other levels it replaces the statutory deadline.

    ``select`` and ``ignore``: warning and info rules an office's province asks it to leave aside (an error of
    the national format is never left aside). With ``select`` only the named warnings and infos count; ``ignore``
    then drops the named ones (given both, a rule counts when selected and not ignored).
    """

    deadline: date | None = None
    ignore: frozenset[str] = frozenset()
    select: frozenset[str] | None = None

    def leaves_aside(self, rule: str, severity: Severity) -> bool:
        """Whether the findings of ``rule`` are left aside: they stay in the result, marked, but are not counted."""
        if severity is Severity.error:
            return False
        return rule in self.ignore or (self.select is not None and rule not in self.select)

    def ignores(self, finding: Finding) -> bool:
        return self.leaves_aside(finding.rule, finding.severity)

    @property
    def ignored_rules(self) -> list[str]:
        """The catalog's warning and info rules left aside, as the canonical JSON and the batch index record."""
        from .catalog import catalog

        return sorted(r.id for r in catalog().values() if self.leaves_aside(r.id, r.severity))


def rule_to_leave_aside(value: str, option: str) -> str:
    """The id of the warning or info rule ``value`` names, given as ``option`` (``--ignore``, or the service's form
    field ``ignore``): an unknown id, or an error of the national format, is refused in one Chinese line."""
    from .catalog import catalog

    rule = catalog().get(value.strip())
    if rule is None:
        raise XxgkError(f"{option} 的规则编号“{value}”不存在，可用 xxgk rules 查看全部规则")
    if rule.severity is Severity.error:
        raise XxgkError(f"{option} 不能用于错误级规则“{rule.id}”：全国统一格式的错误不可忽略，只能忽略警告和提示")
    return rule.id


def selection(ignore: Iterable[str], select: Iterable[str]) -> dict:
    """The ``Settings`` fields of the rules to ignore and to select (checked ids; none selected: all count)."""
    select = frozenset(select)
    return {"ignore": frozenset(ignore), "select": select or None}


@dataclass(frozen=True)
class Context:
    """One validation run. It also remembers facts derived from a report, so the checks compute them once."""

    previous: AnnualReport | None = None
    settings: Settings = field(default_factory=Settings)
    _facts: dict[tuple[Callable, int], Any] = field(default_factory=dict, repr=False, compare=False)

    def once(self, report: AnnualReport, derive: Callable[..., T], *args: Any) -> T:
        """``derive(report, *args)``, computed on the first request of this run and then shared by every check
        (``args``: what it needs besides the report, the same all through the run)."""
        key = (derive, id(report))
        if key not in self._facts:
            self._facts[key] = derive(report, *args)
        return self._facts[key]

    def values(self, report: AnnualReport) -> dict[str, Number | None]:
        """The report's table values (totals as the model recomputed them), flattened once per run."""
        return self.once(report, _values, self.cells(report))

    def cells(self, report: AnnualReport) -> dict[str, Any]:
        """The report's table cells by canonical key, flattened once per run."""
        return self.once(report, AnnualReport.cells)


def _values(report: AnnualReport, cells: dict[str, Any]) -> dict[str, Number | None]:
    """What ``AnnualReport.values`` gives, from the cells flattened already."""
    return {key: cell.value for key, cell in cells.items()}
