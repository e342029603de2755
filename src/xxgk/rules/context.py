"""What a check may look at besides the report: last year's report and the settings of this validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..model import AnnualReport, Number


@dataclass(frozen=True)
class Settings:
    """Choices of whoever runs the validation (the CLI, the Excel add-in, the batch command).

    ``deadline``: the local deadline for the report (乡镇、街道 have one set by their county). Without it a
    township's signing date is not checked; for other levels it replaces the statutory deadline.
    """

    deadline: date | None = None


@dataclass(frozen=True)
class Context:
    """One validation run. It also remembers facts derived from a report, so the checks compute them once."""

    previous: AnnualReport | None = None
    settings: Settings = field(default_factory=Settings)
    _values: dict[int, dict[str, Number | None]] = field(default_factory=dict, repr=False, compare=False)

    def values(self, report: AnnualReport) -> dict[str, Number | None]:
        """The report's table values (totals as the model recomputed them), flattened once per run."""
        if id(report) not in self._values:
            self._values[id(report)] = report.values()
        return self._values[id(report)]
