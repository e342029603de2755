"""The cache of what the tool makes of its own data files: used while it holds, made again when not."""

from __future__ import annotations

import pytest

from xxgk.parse_cache import parsed


class Made:
    def __init__(self, text: str) -> None:
        self.text = text


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("one", encoding="utf-8")
    code = tmp_path / "maker.py"
    code.write_text("# version 1", encoding="utf-8")
    return path, code


def _make(calls: list[str]):
    def make(source: bytes) -> Made:
        calls.append(source.decode())
        return Made(source.decode())

    return make


def test_the_result_is_made_once_and_then_read_from_the_cache(data):
    path, code = data
    calls: list[str] = []
    assert parsed(path, "test", _make(calls), Made, [code]).text == "one"
    assert (path.parent / "__pycache__" / "rules.test.pickle").is_file()
    assert parsed(path, "test", _make(calls), Made, [code]).text == "one"
    assert calls == ["one"]


def test_an_edit_of_the_file_or_of_the_code_is_made_again(data):
    path, code = data
    calls: list[str] = []
    parsed(path, "test", _make(calls), Made, [code])
    path.write_text("two", encoding="utf-8")
    assert parsed(path, "test", _make(calls), Made, [code]).text == "two"
    code.write_text("# version 2", encoding="utf-8")
    assert parsed(path, "test", _make(calls), Made, [code]).text == "two"
    assert calls == ["one", "two", "two"]


@pytest.mark.parametrize("content", [b"not a pickle", b"", None])
def test_a_spoilt_cache_or_one_of_another_type_is_not_trusted(data, content):
    path, code = data
    parsed(path, "test", _make([]), Made, [code])
    cache = path.parent / "__pycache__" / "rules.test.pickle"
    if content is None:  # a valid pickle of the same key, but not of the expected type
        calls: list[str] = []
        assert isinstance(parsed(path, "test", _make(calls), str, [code]), Made)
        assert calls == ["one"]
        return
    cache.write_bytes(content)
    calls = []
    assert parsed(path, "test", _make(calls), Made, [code]).text == "one"
    assert calls == ["one"]


def test_a_cache_that_cannot_be_written_is_left_out(data):
    """As in a read-only installation (here ``__pycache__`` is a file, which no permission lets root ignore):
    the file is parsed at every start, and nothing is left beside it."""
    path, code = data
    (path.parent / "__pycache__").write_text("not a folder", encoding="utf-8")
    calls: list[str] = []
    assert parsed(path, "test", _make(calls), Made, [code]).text == "one"
    assert parsed(path, "test", _make(calls), Made, [code]).text == "one"
    assert calls == ["one", "one"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["__pycache__", "maker.py", "rules.toml"]
