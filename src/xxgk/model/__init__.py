"""The canonical model (pydantic): what the JSON archive holds."""

from .finding import Finding, Severity
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
    "Metadata",
    "Number",
    "Provenance",
    "Severity",
    "Texts",
    "derive_totals",
    "plausible_year",
]
