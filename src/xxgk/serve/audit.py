"""The audit log: every upload, submission, withdrawal, acceptance, return and link change — who, when, what."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from .store.models import Agency, Event

# action → what the log page says
ACTIONS = {
    "collection-created": "创建收集",
    "agencies-added": "添加报送单位",
    "link-issued": "生成报送链接",
    "link-revoked": "停用报送链接",
    "upload": "上传",
    "upload-refused": "上传被拒绝",
    "explained": "填写说明",
    "submitted": "提交",
    "withdrawn": "撤回提交",
    "accepted": "接收",
    "returned": "退回",
    "verified": "标记已核实",
    "unverified": "取消已核实",
    "login": "登录",
    "login-failed": "登录失败",
    "logout": "退出登录",
}

# a detail's key → its label on the log page
DETAILS = {"version": "版本", "file": "文件", "sha256": "SHA-256", "errors": "错误", "warnings": "警告",
           "remark": "意见", "reason": "原因", "changed": "修改条数", "count": "单位数", "client": "地址",
           "office": "收集单位", "year": "报告年度", "deadline": "报送期限", "fingerprint": "问题编号"}


def staff_actor(name: str) -> str:
    return f"工作人员 {name}"


def agency_actor(agency: Agency) -> str:
    return f"报送单位 {agency.name}"


def log(session: Session, at: datetime, actor: str, action: str, *, agency: Agency | None = None,
        collection_id: int | None = None, **detail: Any) -> None:
    assert action in ACTIONS, action
    session.add(Event(at=at, actor=actor, action=action, agency_id=agency.id if agency else None,
                      collection_id=agency.collection_id if agency else collection_id,
                      detail=json.dumps(detail, ensure_ascii=False, sort_keys=True)))
