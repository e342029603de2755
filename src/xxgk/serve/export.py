"""The service's database as a source of ``xxgk export`` (``export.sources.ReportSource``): the accepted version of
each agency's report, of every collection or of one (the dashboard's download of its collection).

Only what the office accepted is the agency's report: an agency not yet submitted, submitted and waiting, or
returned has no rows (its latest upload may still change); ``pending`` counts them, so that the command can say
how many the export lacks. The list of versions is read in one short transaction; the reports are read afterwards
from the content-addressed files, which never change, so a running service is not held up while the rows are
written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..errors import XxgkError
from ..export.sources import Entry
from ..files import os_reason
from ..jsonio import report_from_json
from .accepted import accepted_versions
from .store import Store, driver_reason
from .store.models import Agency, Collection

MISSING_FILE = "报告文件缺失（数据目录不完整）"


@dataclass(frozen=True)
class Held:
    """One accepted version: where it is (collection, agency, version: the export's ``report_file``) and the
    SHA-256 of its canonical JSON."""

    name: str
    report_sha256: str


def held_name(collection: Collection, agency: Agency, number: int) -> str:
    return f"{collection.office}-{collection.year}年度/{agency.name}/第{number}版"


class DatabaseSource:
    """The accepted reports of a service's store, by year, office and agency name (the same order on SQLite and
    PostgreSQL, whatever either's collation)."""

    def __init__(self, store: Store, held: list[Held], pending: int) -> None:
        self.store, self.held, self.pending = store, held, pending

    @classmethod
    def of(cls, session: Session, store: Store, collection: int | None = None) -> DatabaseSource:
        """Read in ``session``; refused when the collection does not exist or nothing is accepted."""
        found = session.get(Collection, collection) if collection is not None else None
        if collection is not None and found is None:
            raise XxgkError(f"收集 {collection} 不存在")
        rows = sorted(accepted_versions(session, collection), key=lambda r: (r[0].year, r[0].office, r[1].name))
        expected = select(func.count()).select_from(Agency)
        if collection is not None:
            expected = expected.where(Agency.collection_id == collection)
        pending = session.scalar(expected) - len(rows)
        if not rows:
            where = f"收集“{found.office} {found.year} 年度”" if found is not None else "数据库中"
            raise XxgkError(f"{where}尚无已接收的报告，没有可以导出的内容")
        return cls(store, [Held(held_name(c, a, v.number), v.report_sha256) for c, a, v in rows], pending)

    @classmethod
    def open(cls, store: Store, collection: int | None = None) -> DatabaseSource:
        """``of`` in a transaction of its own, a database that fails meanwhile refused with the driver's reason."""
        try:
            with store.transaction() as session:
                return cls.of(session, store, collection)
        except SQLAlchemyError as error:
            raise XxgkError(f"无法读取数据库：{driver_reason(error)}") from None

    def files(self) -> list[Path]:
        return []  # nothing the export could overwrite: the reports are the store's own files

    def __iter__(self) -> Iterator[Entry]:
        for held in self.held:
            try:
                data = self.store.blobs.read(held.report_sha256)
            except FileNotFoundError:
                yield Entry(held.name, problem=MISSING_FILE)
                continue
            except OSError as error:
                yield Entry(held.name, problem=os_reason(error, "读取"))
                continue
            try:
                yield Entry(held.name, report_from_json(data, name=held.name))
            except XxgkError as error:
                yield Entry(held.name, problem=error.reason)
