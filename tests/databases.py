"""The databases the service's storage and HTTP tests run against: SQLite in the data folder, and PostgreSQL
when ``XXGK_TEST_POSTGRES`` names a database (``.ci/run`` starts one; in CI it must be there). Each PostgreSQL
test gets a schema of its own, dropped afterwards."""

from __future__ import annotations

import os
import secrets
from urllib.parse import quote

from conftest import required

POSTGRES = os.environ.get("XXGK_TEST_POSTGRES", "")
BACKENDS = ("sqlite", "postgresql")


def postgres_schema():
    """A fresh schema in the test database: (the ``--database`` URL using it, a function that drops it)."""
    if not POSTGRES:
        required("PostgreSQL is not available (XXGK_TEST_POSTGRES is not set; .ci/run sets it)")
    import psycopg

    schema = f"t_{secrets.token_hex(6)}"
    conninfo = POSTGRES.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in POSTGRES else "?"
    url = f"{POSTGRES}{separator}options={quote(f'-csearch_path={schema}')}"

    def drop() -> None:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")

    return url, drop
