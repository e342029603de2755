"""The template an agency downloads from its page: the blank template with its name and the collection's year
filled in, and, when the archive holds its accepted report of last year, the details that carry from year to
year (level, portal, contact, signing agency).

Hook: when ``xxgk template --previous`` is on main (it also fills what the format takes from last year's
report), ``prefilled_template`` calls it with ``previous`` instead of filling the details here.
"""

from __future__ import annotations

from ..formats import DEFAULT_VERSION
from ..model import AnnualReport
from ..model.metadata import Metadata
from ..workbook.fill import filled_bytes

CARRIED = ("agency_level", "portal_name", "portal_url", "contact_office", "address", "postcode", "phone", "fax",
           "email", "signing_agency")


def prefilled_template(agency_name: str, year: int, previous: AnnualReport | None = None) -> bytes:
    carried = {field: getattr(previous.metadata, field) for field in CARRIED} if previous is not None else {}
    version = previous.format_version if previous is not None else DEFAULT_VERSION
    metadata = Metadata(**{**carried, "agency_name": agency_name, "report_year": year})
    return filled_bytes(AnnualReport(format_version=version, metadata=metadata))
