"""Which reports belong to the same agency: one identity of an agency's name, for every comparison of names.

Two names are the same agency when their keys are equal: the name after NFKC normalisation (full-width letters,
digits and brackets become half-width: ``（开发区）`` and ``(开发区)`` compare equal), case folding and the removal
of all whitespace. Or when one is the other with the province or city it lies in written before it:
``淮安市洪泽区人民政府`` is ``洪泽区人民政府`` (the shorter name must still begin with a place of its own, and a city
written in both must be the same: ``南京市鼓楼区`` is not ``福州市鼓楼区``). Nothing else is dropped: what is inside
brackets still tells two agencies apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import TypeVar

T = TypeVar("T")

_HAN = r"[\u4e00-\u9fff]"


@cache
def _places() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The provinces and cities a name may be prefixed with (江苏省, 新疆维吾尔自治区, 淮安市, 伊犁哈萨克自治州,
    塔城地区), and a name that begins with a place of its own (洪泽区…, 沭阳县…, 淮安市…, 上户镇…, not 城乡建设…).
    Compiled when first compared: a class of Han characters costs a millisecond to compile, and most commands
    compare no names."""
    above = re.compile(rf"(?:{_HAN}{{2,9}}?(?:省|自治区|特别行政区|市|自治州|州|地区|盟))+")
    place_led = re.compile(rf"{_HAN}{{1,9}}?(?:市|区|县|旗|镇|(?<!城)乡|街道)")
    return above, place_led


def agency_key(name: str) -> str:
    """The spelling-free form of an agency's name (equal keys, same agency; see ``same_agency`` for the rest)."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def _prefixed(longer: str, shorter: str) -> bool:
    """Whether the key ``longer`` is the key ``shorter`` with provinces or cities written before it."""
    if not (len(longer) > len(shorter) and longer.endswith(shorter)):
        return False
    above, place_led = _places()
    return bool(place_led.match(shorter)) and bool(above.fullmatch(longer[:-len(shorter)]))


def same_agency(name: str, other: str) -> bool:
    """Whether two names are the same agency (the one identity of the project)."""
    a, b = agency_key(name), agency_key(other)
    return a == b or _prefixed(a, b) or _prefixed(b, a)


def agency_bucket(name: str) -> str:
    """What to file a name under: its key without every province and city before it that ``same_agency`` may
    leave out. Names of the same agency share a bucket; names sharing one are then compared with ``same_agency``."""
    key = agency_key(name)
    for start in range(len(key) - 1, 0, -1):  # the shortest name left: the longest prefix
        if _prefixed(key, key[start:]):
            return key[start:]
    return key


def same_agency_groups(items: Iterable[tuple[T, str | None, int | None]]) -> list[list[T]]:
    """``(item, agency, year)`` → groups of two or more items naming the same agency for the same year."""
    buckets: dict[tuple[str, int | None], list[tuple[T, str]]] = {}
    for item, agency, year in items:
        if agency and agency.strip():
            buckets.setdefault((agency_bucket(agency), year), []).append((item, agency))
    groups = []
    for bucket in buckets.values():
        left = list(range(len(bucket)))
        while left:
            group = [left.pop(0)]
            for member in group:  # grows while it is walked: every name linked to the group joins it
                linked = [i for i in left if same_agency(bucket[member][1], bucket[i][1])]
                group += linked
                left = [i for i in left if i not in linked]
            if len(group) > 1:
                groups.append([bucket[i][0] for i in group])
    return groups
