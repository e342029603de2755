"""``xxgk serve`` over HTTP, in process (Starlette's TestClient): every route, hostile uploads, the cache."""

from __future__ import annotations

import json
import os
import threading
import time
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from xxgk.serve import ServeSettings, create_app
from xxgk.serve.check import check_upload
from xxgk.serve.http import content_disposition
from zipcraft import Bomb, deflated_repeat, example_parts, sheet_part, write_zip

from conftest import EXAMPLE_JSON, EXAMPLE_XLSX, ROOT
from support import run_xxgk, write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA = ROOT / "tests" / "data"
BROKEN_T3 = "t3.new_received.natural_person = 999"  # 表三's total no longer adds up


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def die(job):  # a file that kills its worker (an abort in a native library, the out-of-memory killer)
    if job.name.startswith("kill"):
        os._exit(9)
    if job.name.startswith("slow"):
        time.sleep(60)
    if job.name.startswith("greedy"):  # past the worker's address-space limit
        return len(bytearray(3 * 1024 * 1024 * 1024))
    return check_upload(job)


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="module")
def client(data, clock):
    settings = ServeSettings(data=data, max_upload=2 * 1024 * 1024, clock=clock,
                             work=die, timeout=30)
    with TestClient(create_app(settings)) as client:
        yield client


def post(client, route: str, path: Path, name: str | None = None, **fields):
    with path.open("rb") as f:
        return client.post(route, files={"file": (name or path.name, f.read(), XLSX)}, data=fields,
                           follow_redirects=False)


def test_healthz_and_security_headers(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}
    csp = answer.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"


def test_index_page_has_the_form_and_no_inline_script(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text and 'name="file"' in page.text
    assert "<script" not in page.text and "style=" not in page.text
    assert client.get("/static/style.css").status_code == 200


@pytest.mark.parametrize("source", [EXAMPLE_XLSX, EXAMPLE_JSON], ids=["workbook", "json"])
def test_api_validate_answers_as_the_cli_and_keeps_nothing(client, source, data):
    kept = set((data / "cache").iterdir())
    answer = post(client, "/api/validate", source)
    assert answer.status_code == 200
    assert set((data / "cache").iterdir()) <= kept
    cli = run_xxgk("validate", "--format", "json", source)
    assert answer.content == cli.stdout
    assert json.loads(answer.content)["valid"] is True


def test_api_validate_broken_t3_answers_as_the_cli(client, tmp_path):
    broken = write_workbook(tmp_path / "broken.xlsx", BROKEN_T3)
    answer = post(client, "/api/validate", broken)
    cli = run_xxgk("validate", "--format", "json", broken)
    assert cli.returncode == 1
    assert answer.status_code == 200 and answer.content == cli.stdout
    assert json.loads(answer.content)["errors"] >= 1
    strict = post(client, "/api/validate", EXAMPLE_XLSX, strict="1")
    assert strict.content == run_xxgk("validate", "--strict", "--format", "json", EXAMPLE_XLSX).stdout


@pytest.mark.parametrize("fields, options", [
    ({"ignore": "text-document-number"}, ["--ignore", "text-document-number"]),
    ({"select": ["text-halfwidth-brackets", "text-document-number"], "ignore": "text-halfwidth-brackets"},
     ["--select", "text-halfwidth-brackets", "--select", "text-document-number", "--ignore", "text-halfwidth-brackets"]),
], ids=["ignore", "select-and-ignore"])
def test_api_validate_leaves_rules_aside_as_the_cli(client, fields, options):
    answer = post(client, "/api/validate", EXAMPLE_XLSX, **fields)
    cli = run_xxgk("validate", "--format", "json", *options, EXAMPLE_XLSX)
    assert answer.status_code == 200 and answer.content == cli.stdout
    assert '"ignored": true' in answer.text and answer.content != post(client, "/api/validate", EXAMPLE_XLSX).content


@pytest.mark.parametrize("fields, message", [
    ({"ignore": "no-such-rule"}, "ignore 的规则编号“no-such-rule”不存在"),
    ({"select": "total-mismatch"}, "select 不能用于错误级规则“total-mismatch”"),
], ids=["unknown", "error-rule"])
def test_api_validate_refuses_a_rule_the_cli_refuses(client, data, fields, message):
    kept = set((data / "cache").iterdir())
    answer = post(client, "/api/validate", EXAMPLE_XLSX, **fields)
    assert answer.status_code == 400 and message in answer.json()["error"]
    assert set((data / "cache").iterdir()) <= kept


def test_api_previous_year(client, tmp_path):
    previous = write_workbook(tmp_path / "2023.xlsx", "metadata.report_year = 2023")
    with EXAMPLE_XLSX.open("rb") as f, previous.open("rb") as p:
        answer = client.post("/api/validate", files={"file": ("e.xlsx", f.read()), "previous": ("p.xlsx", p.read())})
    cli = run_xxgk("validate", "--format", "json", "--previous", previous, EXAMPLE_XLSX)
    assert answer.status_code == 200 and answer.content == cli.stdout


def test_junk_bytes_are_refused_in_chinese_naming_the_file_and_not_kept(client, tmp_path, data):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(os.urandom(5000))
    kept = set((data / "cache").iterdir())
    answer = post(client, "/api/validate", junk)
    assert set((data / "cache").iterdir()) <= kept
    assert answer.status_code == 422
    message = answer.json()["error"]
    assert message.startswith("junk.xlsx：") and str(tmp_path) not in message and "xxgk-data" not in message
    page = post(client, "/check", junk)
    assert page.status_code == 422 and "junk.xlsx" in page.text and "Traceback" not in page.text


def test_missing_file_and_wrong_suffix(client, tmp_path):
    assert client.post("/api/validate", data={"x": "1"}).status_code == 400
    other = tmp_path / "report.exe"
    other.write_bytes(b"MZ")
    answer = post(client, "/api/validate", other)
    assert answer.status_code == 415 and "不支持" in answer.json()["error"]


def test_oversized_upload_is_413_before_parsing(client, tmp_path):
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"\0" * (3 * 1024 * 1024))
    answer = post(client, "/api/validate", big)
    assert answer.status_code == 413 and "MB" in answer.json()["error"]

    def chunks():  # no content-length: counted while streaming
        for _ in range(40):
            yield b"-" * (100 * 1024)

    streamed = client.post("/api/validate", content=chunks(),
                           headers={"content-type": "multipart/form-data; boundary=xyz"})
    assert streamed.status_code == 413


def test_zip_bomb_is_refused_and_the_service_goes_on(client, tmp_path):
    parts = dict(example_parts())
    parts[sheet_part(parts, "三、收到和处理政府信息公开申请情况")] = Bomb(deflated_repeat(b"<row/>", 150_000_000), 900_000_000)
    bomb = write_zip(tmp_path / "bomb.xlsx", parts)
    answer = post(client, "/api/validate", bomb)
    assert answer.status_code == 422 and "bomb.xlsx" in answer.json()["error"]
    assert post(client, "/api/validate", EXAMPLE_XLSX).status_code == 200


def test_a_file_that_kills_its_worker_gets_an_answer_and_the_next_request_succeeds(client):
    answer = post(client, "/api/validate", EXAMPLE_XLSX, name="kill.xlsx")
    assert answer.status_code == 422 and "工作进程意外退出" in answer.json()["error"]
    for _ in range(3):  # more than the workers: the dead one was replaced
        assert post(client, "/api/validate", EXAMPLE_XLSX).status_code == 200


def test_a_file_that_overruns_is_stopped_without_holding_up_the_others(tmp_path, clock):
    settings = ServeSettings(data=tmp_path, clock=clock, work=die, timeout=10, workers=2)
    with TestClient(create_app(settings)) as client:
        slow: dict = {}
        started = time.monotonic()
        thread = threading.Thread(target=lambda: slow.update(answer=post(client, "/api/validate", EXAMPLE_XLSX,
                                                                         name="slow.xlsx")))
        thread.start()
        time.sleep(0.5)
        assert post(client, "/api/validate", EXAMPLE_XLSX).status_code == 200  # the other worker answers
        assert "answer" not in slow
        thread.join(30)
        assert slow["answer"].status_code == 422 and "超过 10 秒" in slow["answer"].json()["error"]
        assert time.monotonic() - started < 40
        for _ in range(3):  # the overrunning worker was replaced
            assert post(client, "/api/validate", EXAMPLE_XLSX).status_code == 200


def test_a_full_queue_is_answered_503_with_retry_after_and_the_service_goes_on(tmp_path, clock):
    """One worker, one place in the queue: a slow upload in the worker, another waiting; the third is refused at
    once, on the API and on the check page, and the waiting one is answered when the worker is free again."""
    settings = ServeSettings(data=tmp_path, clock=clock, work=die, timeout=5, workers=1, queue=1, retry_after=7)
    cache = tmp_path / "cache"

    def in_progress(count: int) -> None:  # a request holds its cache folder while it is in the pool
        deadline = time.monotonic() + 20
        while len(list(cache.iterdir())) < count:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.3)

    with TestClient(create_app(settings)) as client:
        answers: dict = {}
        threads = [threading.Thread(target=lambda n=name: answers.update({n: post(client, "/api/validate",
                                                                                  EXAMPLE_XLSX, name=n)}))
                   for name in ("slow.xlsx", "waiting.xlsx")]
        for count, thread in enumerate(threads, 1):
            thread.start()
            in_progress(count)
        refused = post(client, "/api/validate", EXAMPLE_XLSX)
        assert refused.status_code == 503 and refused.headers["retry-after"] == "7"
        assert refused.json() == {"error": "服务繁忙：正在处理的文件已达上限，请稍后再试"}
        page = post(client, "/check", EXAMPLE_XLSX)
        assert page.status_code == 503 and page.headers["retry-after"] == "7" and "服务繁忙" in page.text
        assert len(list(cache.iterdir())) == 2  # the refused uploads were not kept
        for thread in threads:
            thread.join(40)
        assert answers["slow.xlsx"].status_code == 422 and answers["waiting.xlsx"].status_code == 200
        assert post(client, "/api/validate", EXAMPLE_XLSX).status_code == 200


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the address-space limit is POSIX only")
def test_a_file_that_needs_too_much_memory_is_refused(client):
    answer = post(client, "/api/validate", EXAMPLE_XLSX, name="greedy.xlsx")
    assert answer.status_code == 422 and "内存超过上限" in answer.json()["error"]
    assert post(client, "/api/validate", EXAMPLE_XLSX).status_code == 200


def test_check_page_shows_marked_cells_findings_and_downloads(client, tmp_path):
    broken = write_workbook(tmp_path / "坏表三.xlsx", BROKEN_T3)
    answer = post(client, "/check", broken)
    assert answer.status_code == 303
    location = answer.headers["location"]
    page = client.get(location)
    assert page.status_code == 200
    text = page.text
    assert 'class="mark error"' in text and "<details>" in text
    assert "【三、收到和处理政府信息公开申请情况】" in text
    assert "<script" not in text and "annotated.xlsx" in text
    annotated = client.get(location + "/annotated.xlsx")
    assert annotated.status_code == 200
    disposition = annotated.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="') and "filename*=UTF-8''" in disposition
    book = load_workbook(BytesIO(annotated.content))
    assert "校验结果" in book.sheetnames
    assert client.get(location + "/report.json").json()["metadata"]["report_year"] == 2024
    assert client.get(location + "/report.docx").content[:2] == b"PK"
    assert client.get(location + "/findings.json").content == run_xxgk("validate", "--format", "json", broken).stdout
    assert client.get(location + "/../../etc/passwd").status_code == 404
    assert client.get(location + "/page.html").status_code == 404


@pytest.mark.parametrize("source", [DATA / "seed-2024-shanghu.txt", DATA / "published" / "shuyang-fgj-2023.html",
                                    DATA / "published" / "hongze-2023.pdf"], ids=["text", "page", "pdf"])
def test_api_validate_reads_published_reports_as_the_cli(client, source):
    answer = post(client, "/api/validate", source)
    assert answer.status_code == 200, answer.text
    assert answer.content == run_xxgk("validate", "--format", "json", source).stdout


def test_check_page_marks_a_published_reports_own_error(client):
    """hongze-2023.pdf prints 表四's 总计 as 0 beside 10 and 1: the report's error, marked on its table."""
    answer = post(client, "/check", DATA / "published" / "hongze-2023.pdf")
    assert answer.status_code == 303
    location = answer.headers["location"]
    text = client.get(location).text
    assert 'class="mark error"' in text and "total-mismatch" in text
    assert "import-collapsed-row" in text  # the import's note, shown apart from the report's problems
    assert client.get(location + "/report.json").json()["tables"]["t4"]["review"]["total"]["stored"] == 0
    book = load_workbook(BytesIO(client.get(location + "/annotated.xlsx").content))
    assert "校验结果" in book.sheetnames  # the report filled into the template, annotated


def test_html_in_agency_names_and_texts_is_escaped(client, tmp_path):
    hostile = write_workbook(tmp_path / "h.xlsx", 'metadata.agency_name = "<script>alert(1)</script>某县"\n'
                                                  'texts.overview.lead = "<img src=x onerror=alert(2)>"')
    answer = post(client, "/check", hostile, name='"><b>x.xlsx')
    page = client.get(answer.headers["location"]).text
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;某县" in page


def test_results_expire_after_an_hour_and_are_deleted(client, clock, data):
    location = post(client, "/check", EXAMPLE_XLSX).headers["location"]
    folder = data / "cache" / location.rsplit("/", 1)[1]
    clock.now += 3500
    assert client.get(location).status_code == 200 and (folder / "upload.xlsx").is_file()
    clock.now += 101
    assert client.get(location).status_code == 404
    assert client.get(location + "/annotated.xlsx").status_code == 404
    assert not folder.exists()


def test_unknown_result_ids_are_404(client):
    assert client.get("/r/" + "A" * 22).status_code == 404
    assert client.get("/r/not-an-id").status_code == 404


def test_content_disposition_is_safe():
    header = content_disposition('某县"人民\\政府\n/..-标注.xlsx')
    fallback = header.split('filename="')[1].split('"')[0]
    assert fallback.endswith(".xlsx") and all(c.isascii() and c not in '\\"/\n' for c in fallback)
    assert "\n" not in header and "filename*=UTF-8''" in header
