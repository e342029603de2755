"""``xxgk batch``: a folder in, one JSON per report plus index.csv out; incremental, deterministic, safe names."""

import csv
import io
import json
import os
from pathlib import Path

import pytest

from xxgk.batch import job as batch_job
from xxgk.batch.index import COLUMNS
from xxgk.batch.lock import NAME as LOCK
from xxgk.batch.lock import output_lock
from xxgk.batch.manifest import NAME as MANIFEST
from xxgk.batch.progress import Progress
from xxgk.batch.run import STAGING, run_batch
from xxgk.jsonio import dumps_report
from xxgk.workbook.layout import layout_for
from xxgk.workbook.reader import read_workbook

from support import example_report, parse_cells, run_cli, run_xxgk, validate_placed, write_workbook


def clean(cells: str = "") -> dict:
    """The bundled example without its one warning (a 文号 in （） brackets) plus ``cells``."""
    fixed = example_report().texts.other.replace("国办函（2020）109号", "国办函〔2020〕109号")
    return {"texts.other": fixed, **parse_cells(cells)}


def make_folder(root: Path) -> Path:
    """Valid, warning, invalid and corrupt workbooks, an old .xls, a stray .csv, an Excel lock file."""
    root.mkdir(parents=True, exist_ok=True)
    write_workbook(root / "valid.xlsx", clean())
    write_workbook(root / "warning.xlsx", clean("metadata.agency_name = 乙镇人民政府\nt3.carried_forward.natural_person = '0'"))
    (root / "sub").mkdir()
    write_workbook(root / "sub" / "invalid.xlsx", clean("metadata.agency_name = 丙镇人民政府\nt3.new_received.natural_person = /"))
    (root / "corrupt.xlsx").write_bytes((root / "valid.xlsx").read_bytes()[:5000])
    (root / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (root / "notes.csv").write_text("收件登记", encoding="utf-8")
    (root / "~$valid.xlsx").write_bytes(b"lock")
    return root


def read_index(out: Path) -> list[dict[str, str]]:
    raw = (out / "index.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8 Chinese"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(COLUMNS) if rows else True
    return rows


def by_file(rows):
    return {r["文件"]: r for r in rows}


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.suffix == ".json" and not p.name.startswith(".")}


def test_a_mixed_folder_converts_in_one_command_with_the_right_status_for_every_file(tmp_path):
    src = make_folder(tmp_path / "in")
    result = run_xxgk("batch", src, "-o", tmp_path / "out", "--jobs", "2")
    assert result.returncode == 1, "a corrupt file and an invalid report make the exit code 1"
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    assert "[1/4] corrupt.xlsx：无法读取" in stderr  # not a terminal: plain progress lines
    assert "共 6 个文件：通过 1 个，有警告 1 个，有错误 1 个，无法读取 2 个，跳过 1 个。" in stderr
    assert "本次转换 4 个，沿用上次结果 0 个。" in stderr

    rows = by_file(read_index(tmp_path / "out"))
    assert list(rows) == ["corrupt.xlsx", "notes.csv", "old.xls", "sub/invalid.xlsx", "valid.xlsx", "warning.xlsx"]
    assert {f: r["状态"] for f, r in rows.items()} == {
        "corrupt.xlsx": "无法读取", "notes.csv": "跳过", "old.xls": "无法读取",
        "sub/invalid.xlsx": "有错误", "valid.xlsx": "通过", "warning.xlsx": "有警告"}
    assert "损坏" in rows["corrupt.xlsx"]["说明"] and "另存为 .xlsx" in rows["old.xls"]["说明"]
    valid = rows["valid.xlsx"]
    assert (valid["机关名称"], valid["报告年度"], valid["格式版本"], valid["错误数"], valid["警告数"]) == (
        "额敏县上户镇人民政府", "2024", "2021", "0", "0")
    assert valid["输出文件"] == "额敏县上户镇人民政府-2024.json"
    assert len(valid["SHA-256"]) == 64
    invalid = rows["sub/invalid.xlsx"]
    assert (invalid["错误数"], invalid["本年新收申请"]) == ("1", "")  # a total over an unread cell is unknown, not 0
    assert "D5" in invalid["说明"] and "“/”" in invalid["说明"]
    assert rows["warning.xlsx"]["警告数"] == "1"
    assert sorted(outputs(tmp_path / "out")) == ["丙镇人民政府-2024.json", "乙镇人民政府-2024.json",
                                                  "额敏县上户镇人民政府-2024.json"]


def test_each_json_is_exactly_what_a_single_conversion_gives(tmp_path):
    src = make_folder(tmp_path / "in")
    run_batch(src, tmp_path / "out", jobs=2)
    for name, source in [("额敏县上户镇人民政府-2024.json", "valid.xlsx"), ("丙镇人民政府-2024.json", "sub/invalid.xlsx")]:
        expected = read_workbook(src / source)  # the openpyxl reader: the engines must agree
        expected.findings = list(validate_placed(expected))
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == dumps_report(expected)


def test_a_second_run_converts_nothing_and_changing_one_file_reconverts_only_that_one(tmp_path):
    src, out = make_folder(tmp_path / "in"), tmp_path / "out"
    first = run_batch(src, out, jobs=2)
    assert (first.converted, first.reused) == (4, 0)
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    index = (out / "index.csv").read_bytes()

    second = run_batch(src, out, jobs=2)
    assert (second.converted, second.reused) == (0, 4)
    assert (out / "index.csv").read_bytes() == index
    assert {n: m for n, m in before.items() if n.endswith(".json") and not n.startswith(".")} == {
        p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.suffix == ".json" and not p.name.startswith(".")}

    os.utime(src / "valid.xlsx", ns=(1, 1))  # only the time stamp changes: same content, nothing to do
    assert run_batch(src, out, jobs=2).converted == 0

    write_workbook(src / "warning.xlsx", clean("metadata.agency_name = 乙镇人民政府"))  # the warning is fixed
    third = run_batch(src, out, jobs=2)
    assert (third.converted, third.reused) == (1, 3)
    assert by_file(read_index(out))["warning.xlsx"]["状态"] == "通过"

    assert run_batch(src, out, jobs=2, force=True).converted == 4


def test_output_is_deterministic_whatever_the_number_of_jobs(tmp_path):
    src = make_folder(tmp_path / "in")
    run_batch(src, tmp_path / "a", jobs=1)
    run_batch(src, tmp_path / "b", jobs=2)
    for name in ["index.csv", MANIFEST, *outputs(tmp_path / "a")]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_removed_and_renamed_reports_leave_no_stale_json_and_other_files_are_left_alone(tmp_path):
    src, out = make_folder(tmp_path / "in"), tmp_path / "out"
    run_batch(src, out)
    (out / "说明.json").write_text("{}", encoding="utf-8")  # not written by the batch: never touched
    (src / "sub" / "invalid.xlsx").unlink()
    write_workbook(src / "warning.xlsx", "metadata.agency_name = 丁镇人民政府")
    run_batch(src, out)
    assert sorted(outputs(out)) == ["丁镇人民政府-2024.json", "说明.json", "额敏县上户镇人民政府-2024.json"]
    assert "sub/invalid.xlsx" not in by_file(read_index(out))


def test_same_agency_twice_gets_two_names_and_a_note_and_names_shift_safely(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_workbook(src / "b.xlsx")
    write_workbook(src / "c.xlsx", "t4.review.upheld = 1")
    run_batch(src, out)
    first = outputs(out)
    assert sorted(first) == ["额敏县上户镇人民政府-2024-2.json", "额敏县上户镇人民政府-2024.json"]
    rows = by_file(read_index(out))
    assert "与 c.xlsx 是同一机关同一年度的报告" in rows["b.xlsx"]["说明"]
    assert rows["c.xlsx"]["输出文件"] == "额敏县上户镇人民政府-2024-2.json"

    write_workbook(src / "a.xlsx", "t4.review.upheld = 2")  # sorts first: takes the plain name, the others move
    result = run_batch(src, out)
    assert result.converted == 1
    rows = by_file(read_index(out))
    assert [rows[f]["输出文件"] for f in ("a.xlsx", "b.xlsx", "c.xlsx")] == [
        "额敏县上户镇人民政府-2024.json", "额敏县上户镇人民政府-2024-2.json", "额敏县上户镇人民政府-2024-3.json"]
    after = outputs(out)
    assert after["额敏县上户镇人民政府-2024-2.json"] == first["额敏县上户镇人民政府-2024.json"]  # b moved
    assert after["额敏县上户镇人民政府-2024-3.json"] == first["额敏县上户镇人民政府-2024-2.json"]  # c moved
    assert json.loads(after["额敏县上户镇人民政府-2024.json"])["tables"]["t4"]["review"]["upheld"]["value"] == 2


def write_text_agency(path: Path, agency: str) -> Path:
    """A workbook whose agency name is text even when it looks like a formula (as a clerk's typing would be)."""
    from openpyxl import load_workbook

    write_workbook(path)
    wb = load_workbook(path)
    binding = layout_for("2021").bindings["metadata.agency_name"]
    cell = wb[binding.sheet].cell(binding.row, binding.col)
    cell.value, cell.data_type = agency, "s"
    wb.save(path)
    return path


def test_hostile_agency_names_stay_inside_outdir_and_cannot_run_in_excel(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_text_agency(src / "a.xlsx", "../../逃逸")
    write_text_agency(src / "b.xlsx", '=HYPERLINK("http://x","点击")')
    write_text_agency(src / "c.xlsx", "CON")
    write_text_agency(src / "@d.xlsx", "-1+2")
    run_batch(src, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]
    rows = by_file(read_index(out))
    assert rows["a.xlsx"]["输出文件"] == "_.._逃逸-2024.json"
    assert rows["b.xlsx"]["机关名称"] == "'=HYPERLINK(\"http://x\",\"点击\")"
    assert rows["b.xlsx"]["输出文件"] == "_=HYPERLINK(_http___x_,_点击_)-2024.json"
    assert rows["c.xlsx"]["输出文件"] == "CON-2024.json"  # only a bare CON (or CON.ext) is reserved
    assert rows["./@d.xlsx"]["输出文件"] == "_-1+2-2024.json"  # a path that still names the same file
    assert sorted(outputs(out)) == ["CON-2024.json", "_-1+2-2024.json", "_.._逃逸-2024.json",
                                    "_=HYPERLINK(_http___x_,_点击_)-2024.json"]
    for cell, row in rows.items():  # what a script looks up is there, exactly as written in the index
        assert (src / cell).is_file() and (out / row["输出文件"]).is_file()
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


@pytest.mark.parametrize("listed", ["../victim.json", "keep.json"])
def test_a_hand_edited_manifest_cannot_make_the_batch_delete_or_overwrite_a_users_file(tmp_path, listed):
    src, out = make_folder(tmp_path / "in"), tmp_path / "out"
    run_batch(src, out)
    victim = out / listed  # outside the output folder, or the user's own file in it
    victim.write_text('{"mine": true}', encoding="utf-8")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["valid.xlsx"]["output"] = listed  # as if the batch had written it
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    result = run_batch(src, out)
    assert victim.read_text(encoding="utf-8") == '{"mine": true}'
    assert result.converted == 1, "its own output is not where the manifest says: converted again"
    assert by_file(read_index(out))["valid.xlsx"]["输出文件"] == "额敏县上户镇人民政府-2024.json"


def test_an_output_changed_by_hand_is_neither_reused_nor_overwritten_nor_deleted(tmp_path):
    src, out = make_folder(tmp_path / "in"), tmp_path / "out"
    run_batch(src, out)
    edited = out / "额敏县上户镇人民政府-2024.json"
    text = edited.read_text(encoding="utf-8").replace("额敏县上户镇", "某某县某某镇")
    edited.write_text(text, encoding="utf-8")
    assert run_batch(src, out).converted == 1
    assert by_file(read_index(out))["valid.xlsx"]["输出文件"] == "额敏县上户镇人民政府-2024-2.json"
    (src / "valid.xlsx").unlink()
    run_batch(src, out)
    assert edited.read_text(encoding="utf-8") == text
    assert not (out / "额敏县上户镇人民政府-2024-2.json").exists(), "the batch's own output of a removed file goes"


def test_an_output_name_taken_by_a_folder_or_a_users_file_gets_the_next_name(tmp_path):
    src, out = make_folder(tmp_path / "in"), tmp_path / "out"
    (out / "额敏县上户镇人民政府-2024.json").mkdir(parents=True)
    (out / "乙镇人民政府-2024.json").write_text("{}", encoding="utf-8")
    result = run_batch(src, out)
    rows = by_file(read_index(out))
    assert rows["valid.xlsx"]["输出文件"] == "额敏县上户镇人民政府-2024-2.json"
    assert rows["warning.xlsx"]["输出文件"] == "乙镇人民政府-2024-2.json"
    assert (out / "乙镇人民政府-2024.json").read_text(encoding="utf-8") == "{}"
    assert (out / "额敏县上户镇人民政府-2024.json").is_dir()
    assert all((out / name).is_file() for name in result.outputs.values())
    assert run_batch(src, out).converted == 0  # and the next run finds them where it put them


def test_a_damaged_manifest_means_a_full_run(tmp_path):
    src, out = make_folder(tmp_path / "in"), tmp_path / "out"
    run_batch(src, out)
    (out / MANIFEST).write_text("{not json", encoding="utf-8")
    assert run_batch(src, out).converted == 4


def test_a_bug_on_one_file_does_not_stop_the_batch(tmp_path, monkeypatch):
    src = make_folder(tmp_path / "in")
    real = batch_job._read

    def flaky(job):
        if job.relpath == "valid.xlsx":
            raise RuntimeError("boom")
        return real(job)

    monkeypatch.setattr(batch_job, "_read", flaky)
    result = run_batch(src, tmp_path / "out", jobs=1)
    rows = by_file(read_index(tmp_path / "out"))
    assert rows["valid.xlsx"]["状态"] == "无法读取"
    assert "程序内部错误（RuntimeError: boom）" in rows["valid.xlsx"]["说明"]
    assert rows["warning.xlsx"]["状态"] == "有警告"
    assert result.exit_code == 1


def test_a_clean_folder_exits_0_and_an_empty_one_says_so(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    write_workbook(src / "a.xlsx")
    assert run_cli("batch", src, "-o", tmp_path / "out").exit_code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("batch", empty, "-o", tmp_path / "out2")
    assert result.exit_code == 0 and "没有找到任何文件" in result.output
    assert read_index(tmp_path / "out2") == []


def test_the_output_folder_inside_the_input_folder_is_not_read_back(tmp_path):
    src = make_folder(tmp_path / "in")
    run_batch(src, src / "out")
    second = run_batch(src, src / "out")
    assert not any(o.relpath.startswith("out/") for o in second.outcomes)


@pytest.mark.parametrize("args, message", [
    (["missing", "-o", "out"], "目录不存在"),
    (["in", "-o", "in"], "输出目录不能与输入目录相同"),
    (["in", "-o", "out", "--jobs", "0"], "--jobs 应为不小于 1 的整数"),
    (["in", "-o", "out", "--previous-dir", "nowhere"], "目录不存在"),
])
def test_usage_errors_are_one_chinese_line_and_exit_2(tmp_path, args, message):
    (tmp_path / "in").mkdir()
    result = run_xxgk("batch", *[str(tmp_path / a) if a in ("missing", "in", "out", "nowhere") else a for a in args])
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert message in stderr and "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise(tmp_path):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    src = make_folder(tmp_path / "in")
    terminal, log = Terminal(), io.StringIO()
    run_batch(src, tmp_path / "a", reporter=Progress(terminal))
    run_batch(src, tmp_path / "b", reporter=Progress(log))
    assert "正在转换" in terminal.getvalue() and "4/4" in terminal.getvalue() and "[1/4]" not in terminal.getvalue()
    assert log.getvalue().splitlines() == ["[1/4] corrupt.xlsx：无法读取", "[2/4] sub/invalid.xlsx：有错误",
                                           "[3/4] valid.xlsx：通过", "[4/4] warning.xlsx：有警告"]


def test_a_second_batch_into_the_same_output_folder_is_refused_while_one_runs(tmp_path):
    src = make_folder(tmp_path / "in")
    out = tmp_path / "out"
    run_batch(src, out)
    assert not (out / LOCK).exists()  # released after a run
    before = outputs(out)
    with output_lock(out):  # a batch still running
        result = run_xxgk("batch", src, "-o", out, "--force")
    stderr = result.stderr.decode()
    assert result.returncode == 2 and "另一个批量处理正在使用该输出目录" in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert outputs(out) == before
    (out / LOCK).write_text("12345")  # a lock file nobody holds (a run that was killed) does not block
    assert run_xxgk("batch", src, "-o", out, "--force").returncode == 1  # the folder has invalid reports
    assert not (out / LOCK).exists()


def test_what_an_interrupted_run_left_in_staging_is_removed(tmp_path):
    src, out = make_folder(tmp_path / "in"), tmp_path / "out"
    (out / STAGING / "old").mkdir(parents=True)
    (out / STAGING / "old" / "0.json").write_text("{}", encoding="utf-8")
    run_batch(src, out)
    assert not (out / STAGING).exists()
    (out / STAGING).write_text("not a folder", encoding="utf-8")
    run_batch(src, out, force=True)
    assert not (out / STAGING).exists()


@pytest.mark.parametrize("name", ["index.csv", MANIFEST])
def test_a_folder_where_the_index_or_manifest_goes_is_one_clear_line(tmp_path, name):
    src, out = make_folder(tmp_path / "in"), tmp_path / "out"
    (out / name).mkdir(parents=True)
    result = run_xxgk("batch", src, "-o", out)
    stderr = result.stderr.decode()
    assert result.returncode == 2 and f"{name} 不是普通文件" in stderr and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1
