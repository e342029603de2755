"""A multipart form read with the size limit enforced while the body streams, before anything is parsed."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from ..errors import XxgkError
from .check import SUFFIXES

CHUNK = 1024 * 1024
MAX_FIELDS = 200  # the form's few fields, and each rule of the catalog at most once in ignore and in select


class TooLarge(XxgkError):
    pass


class BadUpload(XxgkError):
    pass


def _too_large(limit: int) -> TooLarge:
    return TooLarge(f"上传的内容超过 {limit / (1024 * 1024):g} MB 的限制")


async def read_form(request: Request, limit: int) -> FormData:
    """The request's form; ``TooLarge`` as soon as the body passes ``limit`` bytes (or says it will)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    seen = 0
    receive = request.receive

    async def counted():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise _too_large(limit)
        return message

    try:
        return await Request(request.scope, counted).form(max_files=2, max_fields=MAX_FIELDS)
    except TooLarge:
        raise
    except Exception as error:  # starlette's MultiPartException, a malformed body
        raise BadUpload(f"无法读取上传的表单：{error}") from None


def upload_suffix(name: str) -> str:
    """The suffix a stored upload gets: one of ``SUFFIXES``, from the user's file name (nothing else of it)."""
    match = re.search(r"\.[A-Za-z]{1,5}$", name)
    suffix = match.group().lower() if match else ""
    if suffix not in SUFFIXES:
        raise BadUpload(f"不支持此类文件（可上传：{'、'.join(SUFFIXES)}）", path=name)
    return suffix


def uploaded(form: FormData, field: str, *, required: bool) -> UploadFile | None:
    value = form.get(field)
    if isinstance(value, UploadFile) and (value.filename or value.size):
        return value
    if required:
        raise BadUpload("请选择要校验的文件")
    return None


async def store(upload: UploadFile, target: Path) -> None:
    await upload.seek(0)
    with target.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            out.write(chunk)
