"""The typesetting of the report (GB/T 9704-2012, 党政机关公文格式): page, fonts, sizes, line pitch.

One place for the numbers, used by the DOCX writer, the HTML style sheet and the PDF font substitution.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Font:
    name: str  # the font name Word and WPS on Windows know
    size: float  # points
    # Faces to use when the official one is missing: first the one Word substitutes on Windows (the DOCX
    # font table's altName), then other names (macOS), the free face last.
    fallbacks: tuple[str, ...]

    @property
    def free_face(self) -> str:
        """The free font that stands in when the official one is not installed (fonts-noto-cjk)."""
        return self.fallbacks[-1]


_SERIF = "Noto Serif CJK SC"
_SANS = "Noto Sans CJK SC"

BODY = Font("仿宋_GB2312", 16, ("仿宋", "FangSong", "STFangsong", _SERIF))  # 3号
TITLE = Font("方正小标宋简体", 22, ("华文中宋", "FZXiaoBiaoSong-B05S", "STZhongsong", _SERIF))  # 2号
HEADING_1 = Font("黑体", 16, ("SimHei", "STHeiti", _SANS))  # 一、
HEADING_2 = Font("楷体_GB2312", 16, ("楷体", "KaiTi", "STKaiti", _SERIF))  # （一）
TABLE = Font("仿宋_GB2312", 10.5, BODY.fallbacks)  # 五号
PAGE_NUMBER = Font("宋体", 14, ("SimSun", "STSong", _SERIF))  # 4号

FONTS = (BODY, TITLE, HEADING_1, HEADING_2, TABLE, PAGE_NUMBER)

LINE_PITCH = 28.0  # points, fixed: 22 lines in the 225 mm type area
TITLE_LINE_PITCH = 35.0
INDENT_CHARS = 2  # first-line indent of body paragraphs and headings

PAGE_WIDTH, PAGE_HEIGHT = 210, 297  # mm, A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 37, 35, 28, 26  # mm
TYPE_AREA_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm
FOOTER_DISTANCE = 22  # mm from the bottom edge: the page number sits about 7 mm below the type area

PAGE_NUMBER_DASH = "—"  # "— 1 —"
LANGUAGE = "zh-CN"
