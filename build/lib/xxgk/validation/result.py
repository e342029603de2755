"""The result of a validation, as every front end shows it: the findings in order, counted once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..model import Finding, Severity

_RANK = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


@dataclass(frozen=True)
class ValidationResult:
    """``findings`` in the order of ``locate.ordered``; valid means no error (strict: no warning either)."""

    findings: tuple[Finding, ...] = ()

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> ValidationResult:
        return cls(tuple(findings))

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __getitem__(self, index: int) -> Finding:
        return self.findings[index]

    def __len__(self) -> int:
        return len(self.findings)

    def __bool__(self) -> bool:
        return bool(self.findings)

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    @property
    def counts(self) -> dict[Severity, int]:
        return {severity: self.count(severity) for severity in Severity}

    @property
    def errors(self) -> list[Finding]:
        return self.of_severity(Severity.error)

    def of_severity(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity is severity]

    def valid(self, *, strict: bool = False) -> bool:
        failing = (Severity.error, Severity.warning) if strict else (Severity.error,)
        return not any(f.severity in failing for f in self.findings)

    def worst_first(self) -> list[Finding]:
        """Errors, then warnings, then infos, each in the result's order."""
        return sorted(self.findings, key=lambda f: _RANK[f.severity])

    def first(self) -> Finding | None:
        """The first of the most severe findings (an error, else a warning), for a one-line summary."""
        found = self.worst_first()
        return found[0] if found and found[0].severity is not Severity.info else None
