"""``xxgk export --database`` / ``--data``: the accepted reports of the service's store, on SQLite and PostgreSQL,
row for row what the export of a batch folder of the same workbooks gives; the refusals; and the dashboard's
download of its collection's rows."""

from __future__ import annotations

import shutil
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import test_serve_collections as collections
from collecting import Office
from databases import postgres_schema
from test_export import csv_rows, installed, number
from test_serve_collections import EXAMPLE_AGENCY, PASSWORD, agency, new_collection
from test_serve_dashboard import accept
from xxgk.files import sha256_of
from xxgk.jsonio import load_report
from xxgk.serve.export import DatabaseSource
from xxgk.serve.store import Store
from xxgk.serve.store.models import Collection

from support import refusal, run_cli, run_xxgk, snapshot, write_workbook

# the collections' fixtures: one service per database (SQLite and PostgreSQL), a signed-in clerk
served, app, client, office = collections.served, collections.app, collections.client, collections.office

EDUCATION, HEALTH, CIVIL = "额敏县教育局", "额敏县卫生健康委员会", "额敏县民政局"
BOOKS = {  # no errors (the submission gate), numbers of their own to add up
    EXAMPLE_AGENCY: "",
    EDUCATION: f"""
        metadata.agency_name = {EDUCATION}
        metadata.agency_level = 县级以上人民政府部门
        t3.new_received.natural_person = 5
        t3.granted.natural_person = 5
    """,
    HEALTH: f"""
        metadata.agency_name = {HEALTH}
        metadata.agency_level = 县级以上人民政府部门
        t3.new_received.commercial_enterprise = 2
        t3.granted.commercial_enterprise = 2
    """,
}
ACCEPTED = (EXAMPLE_AGENCY, EDUCATION)  # the health commission submits and waits
# where a row is in its source: the rest of a row is the report's own and must be the same from either source
PLACE = ("report_file",)


@dataclass(frozen=True)
class Populated:
    collection: int
    office: str
    empty: int  # a collection with nothing accepted
    books: dict[str, Path]
    link: str  # the health commission's


@pytest.fixture(scope="module")
def populated(app, served, tmp_path_factory) -> Populated:
    """One collection of three agencies, two accepted and one submitted, and one with nothing accepted."""
    folder = tmp_path_factory.mktemp("books")
    books = {name: write_workbook(folder / f"{name}.xlsx", cells) for name, cells in BOOKS.items()}
    with TestClient(app) as client:
        office = Office(client)
        assert office.login("clerk", PASSWORD).status_code == 303
        collection, links = new_collection(office, list(BOOKS))
        for name in ACCEPTED:
            accept(office, app, collection, links[name], books[name], name)
        waiting = agency(app, links[HEALTH])  # submitted, not yet accepted: not its report yet
        assert waiting.upload(books[HEALTH]).status_code == 303
        assert waiting.explain({fp: "原文如此" for fp in waiting.fingerprints()}, "submit").status_code == 303
        empty, _ = new_collection(office, [CIVIL])
    with served[1].transaction() as session:
        office_name = session.get(Collection, collection).office
    return Populated(collection, office_name, empty, books, links[HEALTH])


def database_options(served) -> list[object]:
    settings, _ = served
    return ["--data", settings.data, *(["--database", settings.database] if settings.database else [])]


def by_agency(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["agency"]].append(row)
    return dict(grouped)


def without_place(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k not in PLACE} for row in rows]


@pytest.fixture(scope="module")
def batch_rows(populated, tmp_path_factory) -> list[dict[str, str]]:
    """The same accepted workbooks through ``xxgk batch`` and ``xxgk export`` of its output folder."""
    base = tmp_path_factory.mktemp("batch")
    (base / "inbox").mkdir()
    for name in ACCEPTED:
        shutil.copy(populated.books[name], base / "inbox" / populated.books[name].name)
    assert run_cli("batch", base / "inbox", "-o", base / "out", "--jobs", "1").exit_code == 0
    result = run_cli("export", base / "out", "-o", base / "facts.csv")
    assert result.exit_code == 0, result.stderr
    return csv_rows(base / "facts.csv")


def test_the_database_gives_the_rows_a_batch_folder_of_the_same_reports_gives(served, populated, batch_rows,
                                                                               tmp_path):
    result = run_cli("export", *database_options(served), "-o", tmp_path / "facts.csv")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [f"已导出 2 份报告，共 {len(batch_rows)} 行 → {tmp_path / 'facts.csv'}",
                                          "另有 2 个单位尚无已接收的报告，未导出"]  # the health commission, 民政局
    rows = csv_rows(tmp_path / "facts.csv")
    assert len(rows) == len(batch_rows) == 400
    exported, expected = by_agency(rows), by_agency(batch_rows)
    assert list(exported) == sorted(ACCEPTED) and set(expected) == set(ACCEPTED)  # by name; no HEALTH
    for name in ACCEPTED:
        assert without_place(exported[name]) == without_place(expected[name]), name  # value, state, labels…
        assert {(r["source_file"], r["source_sha256"]) for r in exported[name]} == {
            (populated.books[name].name, sha256_of(populated.books[name]))}  # the file the agency uploaded
        assert {r["report_file"] for r in exported[name]} == {f"{populated.office}-2024年度/{name}/第1版"}
    received = {r["agency"]: number(r["value"]) for r in rows if r["key"] == "t3.new_received.total"}
    assert received == {name: load_report(populated.books[name]).value("t3.new_received.total") for name in ACCEPTED}
    assert received[EDUCATION] == received[EXAMPLE_AGENCY] + 5  # the numbers are each report's own

    one = run_cli("export", *database_options(served), "--collection", populated.collection,
                  "-o", tmp_path / "one.csv")
    assert one.exit_code == 0 and "另有 1 个单位尚无已接收的报告" in one.stderr
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "facts.csv").read_bytes()  # the only one accepted
    refused = run_cli("export", *database_options(served), "--collection", populated.empty, "-o", tmp_path / "x.csv")
    assert refused.exit_code == 2
    refusal(refused.stderr, "2024 年度”尚无已接收的报告")
    missing = run_cli("export", *database_options(served), "--collection", 999999, "-o", tmp_path / "x.csv")
    assert missing.exit_code == 2
    refusal(missing.stderr, "收集 999999 不存在")
    assert not (tmp_path / "x.csv").exists()


def test_duckdb_sums_the_parquet_of_the_database(served, populated, tmp_path):
    duckdb = installed("duckdb")
    result = run_cli("export", *database_options(served), "-o", tmp_path / "facts.parquet")
    assert result.exit_code == 0, result.stderr
    parquet = tmp_path / "facts.parquet"
    total, agencies, unknown = duckdb.execute(
        f"SELECT sum(value), count(DISTINCT agency), count(*) - count(value) FROM '{parquet}' "
        "WHERE key = 't3.new_received.total'").fetchone()
    assert agencies == 2 and unknown == 0
    assert total == sum(load_report(populated.books[name]).value("t3.new_received.total") for name in ACCEPTED) > 0
    by_agency = dict(duckdb.execute(f"SELECT agency, sum(value) FROM '{parquet}' WHERE key LIKE 't3.granted.%' "
                                    "AND state <> 'derived' GROUP BY agency").fetchall())
    assert by_agency[EDUCATION] == by_agency[EXAMPLE_AGENCY] + 5


def test_a_report_file_missing_from_the_data_folder_is_skipped_with_a_warning(served, populated, tmp_path):
    import sqlite3

    settings, store = served
    copy = tmp_path / "data"  # the data folder's copy: its files, and its SQLite database (PostgreSQL's is not in it)
    shutil.copytree(settings.data / "files", copy / "files")
    if not settings.database:
        with sqlite3.connect(settings.data / "xxgk.sqlite3") as live, sqlite3.connect(copy / "xxgk.sqlite3") as kept:
            live.backup(kept)
    with store.transaction() as session:
        lost = DatabaseSource.of(session, store, populated.collection).held[0]
    (copy / "files" / lost.report_sha256[:2] / lost.report_sha256[2:4] / lost.report_sha256).unlink()
    database = ["--database", settings.database] if settings.database else []
    result = run_cli("export", "--data", copy, *database, "-o", tmp_path / "facts.csv")
    assert result.exit_code == 1, result.stderr
    assert f"警告：已跳过 {lost.name}：报告文件缺失（数据目录不完整）" in result.stderr.splitlines()
    assert {r["report_file"] for r in csv_rows(tmp_path / "facts.csv")} == {
        f"{populated.office}-2024年度/{name}/第1版" for name in ACCEPTED} - {lost.name}


def test_the_dashboard_offers_the_collections_rows_as_the_command_writes_them(served, populated, client, office,
                                                                             app, tmp_path):
    pyarrow = installed("pyarrow.parquet")
    base = f"/admin/c/{populated.collection}"
    page = client.get(base + "/dashboard").text
    assert f'href="{base}/download/facts.csv"' in page and f'href="{base}/download/facts.parquet"' in page
    answer = client.get(base + "/download/facts.csv")
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"].endswith("%E6%95%B0%E6%8D%AE%E8%A1%A8.csv")  # …数据表.csv
    assert f"{populated.office}-2024年度数据表.csv" == _offered(answer)
    command = run_cli("export", *database_options(served), "--collection", populated.collection,
                      "-o", tmp_path / "facts.csv")
    assert command.exit_code == 0
    assert answer.content == (tmp_path / "facts.csv").read_bytes()  # the same source, the same bytes

    parquet = client.get(base + "/download/facts.parquet")
    assert parquet.status_code == 200 and _offered(parquet) == f"{populated.office}-2024年度数据表.parquet"
    (tmp_path / "facts.parquet").write_bytes(parquet.content)
    table = pyarrow.read_table(tmp_path / "facts.parquet").to_pylist()
    rows = csv_rows(tmp_path / "facts.csv")
    assert len(table) == len(rows) == 400
    assert [(r["agency"], r["key"], r["value"]) for r in table] == [
        (r["agency"], r["key"], number(r["value"])) for r in rows]

    nothing = client.get(f"/admin/c/{populated.empty}/download/facts.csv")
    assert nothing.status_code == 409 and "尚无已接收的报告" in nothing.text
    assert client.get("/admin/c/999999/download/facts.csv").status_code == 404


def _offered(answer) -> str:
    from urllib.parse import unquote

    return unquote(answer.headers["content-disposition"].split("filename*=UTF-8''", 1)[1])


def test_the_rows_are_for_signed_in_staff_only(served, populated, client, app):
    holder = agency(app, populated.link)  # an agency's browser: its link opens its own page only
    assert holder.page().status_code == 200
    for visitor in (TestClient(app), holder.client):
        for name in ("facts.csv", "facts.parquet"):
            answer = visitor.get(f"/admin/c/{populated.collection}/download/{name}", follow_redirects=False)
            assert answer.status_code == 303 and answer.headers["location"] == "/admin/login", name


# ------------------------------------------------------------------------------------------------ refusals


def _refused(*args: object, fragments: tuple[str, ...]) -> None:
    result = run_cli("export", *args)
    assert result.exit_code == 2, (args, result.stderr)
    refusal(result.stderr, *fragments)


def test_a_source_is_a_folder_or_the_database_never_both_or_neither(tmp_path):
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    Store.open(fresh).close()
    before = snapshot(tmp_path)
    _refused(fresh, "--data", fresh, "-o", tmp_path / "f.csv", fragments=("请只给出一个来源",))
    _refused(fresh, "--database", "postgresql://u@127.0.0.1/x", "-o", tmp_path / "f.csv", fragments=("请只给出一个来源",))
    _refused("-o", tmp_path / "f.csv", fragments=("请给出要导出的来源", "--database"))
    _refused(fresh, "--collection", 1, "-o", tmp_path / "f.csv", fragments=("--collection 只用于网页服务的数据库",))
    assert snapshot(tmp_path) == before


def test_what_is_not_a_services_store_is_refused_on_sqlite_and_nothing_is_written(tmp_path, monkeypatch):
    import sqlite3

    fresh, empty, other, junk = (tmp_path / name for name in ("fresh", "empty", "other", "junk"))
    fresh.mkdir()
    Store.open(fresh).close()  # a service's store before any collection
    empty.mkdir()
    other.mkdir()
    with sqlite3.connect(other / "xxgk.sqlite3") as connection:
        connection.execute("CREATE TABLE t (x)")
    junk.mkdir()
    (junk / "xxgk.sqlite3").write_text("not a database", encoding="utf-8")
    before = snapshot(tmp_path)
    out = tmp_path / "facts.csv"
    _refused("--data", empty, "-o", out, fragments=(str(empty), "数据目录中没有 xxgk serve 的数据库（xxgk.sqlite3）"))
    _refused("--data", other, "-o", out, fragments=("该数据库不是 xxgk serve 的数据库",))
    _refused("--data", junk, "-o", out, fragments=("无法打开数据库：file is not a database",))
    _refused("--data", fresh, "-o", out, fragments=("数据库中尚无已接收的报告",))
    _refused("--data", fresh, "--collection", 7, "-o", out, fragments=("收集 7 不存在",))
    _refused("--data", fresh, "--database", "mysql://u@h/x", "-o", out, fragments=("不支持数据库类型“mysql”",))
    _refused("--data", fresh, "--database", f"sqlite:///{tmp_path / 'none.sqlite3'}", "-o", out,
             fragments=("无法打开数据库：unable to open database file",))
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    _refused("--data", fresh, "-o", tmp_path / "facts.parquet", fragments=("写出 Parquet 文件需要 pyarrow",))
    assert snapshot(tmp_path) == before  # no output, no database created, none changed, no WAL file left


def test_what_is_not_a_services_store_is_refused_on_postgresql(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no xxgk-data here
    url, drop = postgres_schema()
    try:
        out = tmp_path / "facts.csv"
        result = run_xxgk("export", "--database", url, "-o", out)  # the real entry point: exit code, one line
        assert result.returncode == 2
        refusal(result.stderr, "该数据库不是 xxgk serve 的数据库")
        (tmp_path / "data").mkdir()
        Store.open(tmp_path / "data", url).close()
        _refused("--database", url, "--data", tmp_path / "data", "-o", out, fragments=("数据库中尚无已接收的报告",))
        _refused("--database", url, "-o", out, fragments=("xxgk-data", "数据目录中没有 xxgk serve 保存的文件"))
        wrong = url.replace("xxgk:xxgk@", "xxgk:wrong@")
        _refused("--database", wrong, "--data", tmp_path / "data", "-o", out,
                 fragments=("无法打开数据库：", "password authentication failed"))
        closed = "postgresql://xxgk:xxgk@127.0.0.1:1/xxgk_test"
        _refused("--database", closed, "--data", tmp_path / "data", "-o", out, fragments=("无法打开数据库：",))
        assert not out.exists()
    finally:
        drop()
