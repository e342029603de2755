"""How the template looks: fonts, fills, borders. One place, so the template stays consistent."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

FONT_NAME = "宋体"
TITLE_FONT = Font(name="黑体", size=14)
CAPTION_FONT = Font(name="黑体", size=11)
HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=10)
NOTE_FONT = Font(name=FONT_NAME, size=9, color="595959")

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: staff type here
DERIVED_FILL = PatternFill("solid", fgColor="EDEDED")  # grey: computed by a formula
PASS_FILL = PatternFill("solid", fgColor="C6EFCE")
FAIL_FILL = PatternFill("solid", fgColor="FFC7CE")
PASS_FONT = Font(name=FONT_NAME, size=10, color="006100")
FAIL_FONT = Font(name=FONT_NAME, size=10, color="9C0006")

_thin = Side(style="thin", color="808080")
GRID = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TEXT_BOX = Alignment(horizontal="left", vertical="top", wrap_text=True)

UNLOCKED = Protection(locked=False)

NUMBER_FORMATS = {"count": "0", "change": "0", "amount": "General", "year": "0", "date": "yyyy-mm-dd", "postcode": "@"}
