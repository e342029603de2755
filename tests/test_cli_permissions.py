"""What the file system refuses: a folder that cannot be written, an input that cannot be read, a file size
limit, a name too long. Each is one Chinese line with exit code 2, the inputs untouched and nothing left behind.

CI runs as root, where permissions do not bite: the commands then run as ``nobody`` (setpriv or runuser), in
a folder every user can enter, with the inputs owned by root."""

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import EXAMPLE_JSON, EXAMPLE_XLSX
from support import refusal, run_cli, snapshot

XXGK = Path(sys.executable).with_name("xxgk")


def _unprivileged() -> list[str]:
    """The prefix that runs a command as a user permissions apply to (empty when we are not root)."""
    if os.geteuid() != 0:
        return []
    nobody = pwd.getpwnam("nobody")
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    pytest.skip("running as root without setpriv or runuser: cannot run a command as an unprivileged user")


def _user() -> tuple[int, int]:
    if os.geteuid() != 0:
        return os.geteuid(), os.getegid()
    nobody = pwd.getpwnam("nobody")
    return nobody.pw_uid, nobody.pw_gid


@pytest.fixture
def place():
    """``ro/``: the inputs (r.xlsx, r.json, in/r.xlsx), a folder the user can read but not write;
    ``rw/``: the user's own folder, holding inputs owned by someone else and read-only."""
    prefix = _unprivileged()
    root = Path(tempfile.mkdtemp(prefix="xxgk-permissions-"))  # not under pytest's tmp, which is root's alone
    try:
        root.chmod(0o755)
        ro, rw = root / "ro", root / "rw"
        (ro / "in").mkdir(parents=True)
        (ro / "out-existing").mkdir()
        rw.mkdir()
        for folder in (ro, ro / "in", rw):
            shutil.copy(EXAMPLE_XLSX, folder / "r.xlsx")
        for folder in (ro, rw):
            shutil.copy(EXAMPLE_JSON, folder / "r.json")
        for path in root.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o444)
        uid, gid = _user()
        if os.geteuid() == 0:
            os.chown(rw, uid, gid)
        else:
            for folder in (ro, ro / "in", ro / "out-existing"):
                folder.chmod(0o555)
            rw.chmod(0o755)
        check = subprocess.run([*prefix, XXGK, "--version"], capture_output=True, cwd=root, timeout=60)
        if check.returncode != 0:
            message = f"{XXGK} cannot run as an unprivileged user (is the venv readable by all?): {check.stderr!r}"
            pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
        yield root
    finally:
        for path in [root, *root.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(root)


def run_unprivileged(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*_unprivileged(), XXGK, *args], capture_output=True, cwd=root, timeout=300)


UNWRITABLE = {
    "template": ("template", "-o", "ro/t.xlsx"),
    "convert": ("convert", "ro/r.xlsx", "-o", "ro/r-out.json"),
    "convert, into folders to be made": ("convert", "ro/r.xlsx", "-o", "ro/new/deeper/r.json"),
    "fill": ("fill", "ro/r.json", "-o", "ro/filled.xlsx"),
    "report": ("report", "ro/r.json", "-o", "rw/ok.md", "-o", "ro/r.html"),
    "rollup": ("rollup", "ro/r.json", "-o", "ro/total.json"),
    "validate --annotate": ("validate", "ro/r.xlsx", "--annotate", "ro/marked.xlsx"),
    "batch, a folder to be made": ("batch", "ro/in", "-o", "ro/out", "-j", "1"),
    "batch, an existing folder": ("batch", "ro/in", "-o", "ro/out-existing", "-j", "1"),
    "excel addin": ("excel", "addin", "-o", "ro/addin"),
}


@pytest.mark.parametrize("case", UNWRITABLE)
def test_an_unwritable_folder_is_one_chinese_line(place, case):
    before = snapshot(place)
    result = run_unprivileged(place, *UNWRITABLE[case])
    assert result.returncode == 2, result.stderr.decode()
    refusal(result.stderr, "无法写入 ro/", "没有写入权限")
    assert snapshot(place) == before  # nothing written, not even the outputs that could have been


UNREADABLE = {
    "convert": ("convert", "ro/secret.xlsx"),
    "fill": ("fill", "ro/secret.json", "-o", "rw/x.xlsx"),
    "validate": ("validate", "ro/secret.json"),
    "validate --previous": ("validate", "ro/r.json", "--previous", "ro/secret.xlsx"),
    "report": ("report", "ro/secret.json", "-o", "rw/x.md"),
    "rollup": ("rollup", "ro/r.json", "ro/secret.xlsx", "-o", "rw/x.json"),
    "rollup, a file inside a folder": ("rollup", "ro", "-o", "rw/x.json"),
}


@pytest.mark.parametrize("case", UNREADABLE)
def test_an_unreadable_input_is_one_chinese_line(place, case):
    for name in ("secret.xlsx", "secret.json"):
        (place / "ro").chmod(0o755)
        shutil.copy(place / "ro" / name.replace("secret", "r"), place / "ro" / name)
        (place / "ro" / name).chmod(0o000 if os.geteuid() else 0o600)
        (place / "ro").chmod(0o755 if os.geteuid() == 0 else 0o555)
    before = snapshot(place)
    result = run_unprivileged(place, *UNREADABLE[case])
    assert result.returncode == 2, result.stderr.decode()
    refusal(result.stderr, "ro/secret.", "无法读取：没有读取权限")
    assert snapshot(place) == before


@pytest.mark.parametrize("args", [("convert", "rw/r.xlsx", "-o", "rw/r.xlsx"), ("fill", "rw/r.json", "-o", "rw/r.json"),
                                  ("rollup", "rw", "-o", "rw/r.json")], ids=lambda a: a[0])
def test_a_read_only_input_in_the_users_own_folder_is_not_replaced(place, args):
    """The folder is the user's: renaming a new file over the read-only input would succeed."""
    before = snapshot(place)
    result = run_unprivileged(place, *args)
    assert result.returncode == 2, result.stderr.decode()
    refusal(result.stderr, "输出文件与输入文件相同")
    assert snapshot(place) == before


def test_a_file_size_limit_leaves_no_partial_output(tmp_path):
    if not shutil.which("prlimit"):
        pytest.skip("prlimit (util-linux) is not installed")
    result = subprocess.run(["prlimit", "--fsize=4096", XXGK, "convert", EXAMPLE_XLSX, "-o", tmp_path / "r.json"],
                            capture_output=True, timeout=300)
    assert result.returncode == 2, result.stderr.decode()
    refusal(result.stderr, "无法写入", "r.json", "文件超出系统允许的大小")
    assert list(tmp_path.iterdir()) == []


def test_a_name_too_long_is_refused_and_a_long_valid_name_is_written(tmp_path):
    too_long = tmp_path / ("报" * 90 + ".json")  # 274 bytes: more than a file name may hold
    result = run_cli("convert", EXAMPLE_XLSX, "-o", too_long)
    assert result.exit_code == 2
    refusal(result.stderr, "文件名或路径过长")
    assert list(tmp_path.iterdir()) == []
    long = tmp_path / ("报" * 83 + ".json")  # 254 bytes: valid, though its temporary name could not be as long
    assert run_cli("convert", EXAMPLE_XLSX, "-o", long).exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == [long.name]
