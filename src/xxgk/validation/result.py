"""The result of a validation, as every front end shows it: the findings in order, counted once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..model import AnnualReport, Finding, Severity

_RANK = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


@dataclass(frozen=True)
class ValidationResult:
    """``findings`` in the order of ``locate.ordered``; valid means no error (strict: no warning either).

    ``findings`` holds every finding, those marked ``ignored`` too (the JSON keeps them); everything else — the
    iteration, the counts, validity, the first problem — sees only the findings that count.
    """

    findings: tuple[Finding, ...] = ()
    ignored_rules: tuple[str, ...] = ()  # the warning and info rules the settings left aside

    @classmethod
    def of(cls, findings: Iterable[Finding], ignored_rules: Iterable[str] = ()) -> ValidationResult:
        return cls(tuple(findings), tuple(ignored_rules))

    def record(self, report: AnnualReport) -> None:
        """Keep the findings in ``report`` for its canonical JSON (the ignored ones marked), and which rules
        were ignored."""
        report.findings = list(self.findings)
        report.ignored_rules = list(self.ignored_rules)

    @property
    def counted(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.ignored)

    @property
    def ignored(self) -> list[Finding]:
        return [f for f in self.findings if f.ignored]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.counted)

    def __getitem__(self, index: int) -> Finding:
        return self.counted[index]

    def __len__(self) -> int:
        return len(self.counted)

    def __bool__(self) -> bool:
        return bool(self.counted)

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self)

    @property
    def counts(self) -> dict[Severity, int]:
        return {severity: self.count(severity) for severity in Severity}

    @property
    def errors(self) -> list[Finding]:
        return self.of_severity(Severity.error)

    def of_severity(self, severity: Severity) -> list[Finding]:
        return [f for f in self if f.severity is severity]

    def valid(self, *, strict: bool = False) -> bool:
        failing = (Severity.error, Severity.warning) if strict else (Severity.error,)
        return not any(f.severity in failing and not f.of_import for f in self)

    def worst_first(self) -> list[Finding]:
        """Errors, then warnings, then infos, each in the result's order."""
        return sorted(self, key=lambda f: _RANK[f.severity])

    def first(self) -> Finding | None:
        """The first of the most severe findings (an error, else a warning), for a one-line summary."""
        found = self.worst_first()
        return found[0] if found and found[0].severity is not Severity.info else None
