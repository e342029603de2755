"""The canonical model (pydantic): what the JSON archive holds."""

from .finding import Finding, Severity
from .metadata import AGENCY_LEVEL_LABELS, AgencyLevel, Metadata
from .report import SCHEMA_VERSION, AnnualReport, Provenance
from .tables import Number, derive_totals
from .texts import OverviewTexts, Texts

__all__ = [
    "AGENCY_LEVEL_LABELS",
    "SCHEMA_VERSION",
    "AgencyLevel",
    "AnnualReport",
    "Finding",
    "Metadata",
    "Number",
    "OverviewTexts",
    "Provenance",
    "Severity",
    "Texts",
    "derive_totals",
]
