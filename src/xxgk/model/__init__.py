"""The canonical model (pydantic): what the JSON archive holds.

Every model defers building its pydantic schema (``defer_build``) to its first validation or serialisation
(JSON input and output, the JSON Schema): the readers of workbooks and the rules build their models from
values already checked (``AnnualReport.from_checked``, ``Rule.finding``), so reading a workbook and printing
its findings builds none, and costs no start-up time for them.
"""

from .cells import Location, State
from .finding import Finding, Origin, Severity
from .metadata import AGENCY_LEVEL_LABELS, FIRST_REPORT_YEAR, AgencyLevel, Metadata, plausible_year
from .report import SCHEMA_VERSION, AnnualReport, Provenance
from .tables import MAX_MAGNITUDE, Number, derive_totals
from .texts import Texts

__all__ = [
    "AGENCY_LEVEL_LABELS",
    "FIRST_REPORT_YEAR",
    "MAX_MAGNITUDE",
    "SCHEMA_VERSION",
    "AgencyLevel",
    "AnnualReport",
    "Finding",
    "Location",
    "Metadata",
    "Number",
    "Origin",
    "Provenance",
    "Severity",
    "State",
    "Texts",
    "derive_totals",
    "plausible_year",
]
