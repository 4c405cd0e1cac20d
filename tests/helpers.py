"""Small builders for transcript files used across tests."""

from __future__ import annotations

import json
from pathlib import Path


def call_dict(call_id: str = "c-1", **extra) -> dict:
    data = {
        "call_id": call_id,
        "agent": {"id": "1024", "name": "李明"},
        "channel": "inbound",
        "started_at": "2026-11-21T09:15:02+08:00",
        "turns": [
            {"speaker": "agent", "start": 0.0, "end": 4.2, "text": "您好,我是1024号客服代表,很高兴为您服务"},
            {"speaker": "customer", "start": 4.5, "end": 9.0, "text": "你好,我家电视没信号了"},
        ],
        "events": [{"type": "hangup", "by": "customer", "at": 12.0}],
    }
    data.update(extra)
    return data


def write_json(path: Path, data: object, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding=encoding)
    return path
