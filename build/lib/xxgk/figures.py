"""The headline figures of a report: the few totals a collecting office scans first (batch index, roll-up)."""

from __future__ import annotations

from .model import AnnualReport, Number

# canonical key -> column heading; the keys are the same in every format version
HEADLINE = {
    "t3.new_received.total": "本年新收申请",
    "t3.carried_over.total": "上年结转申请",
    "t3.total_processed.total": "办理结果总计",
    "t3.carried_forward.total": "结转下年度办理",
    "t4.review.total": "行政复议",
    "t4.litigation_direct.total": "未经复议直接起诉",
    "t4.litigation_after_review.total": "复议后起诉",
}


def headline(report: AnnualReport) -> dict[str, Number | None]:
    return {key: report.value(key) for key in HEADLINE}
