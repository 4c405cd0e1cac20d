"""Data and small helpers shared by the report tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers import call_dict

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
PHONE = "13812345678"
PHONE_MASKED = "138****5678"
REASON_PHONE = "13987654321"
REVIEWED_CALL = "hr-phone-1"
OVERRIDE_REASON = "工号报得太快，客户未听清"


def phone_call() -> dict:
    data = call_dict(REVIEWED_CALL, started_at="2026-11-20T10:30:00+08:00")
    data["turns"] = [
        {"speaker": "agent", "start": 0.0, "end": 6.0,
         "text": f"您好，我是1024号客服代表，很高兴为您服务，您登记的号码是{PHONE}吗？"},
        {"speaker": "customer", "start": 6.5, "end": 9.0, "text": "是的，我家电视没信号了。"},
        {"speaker": "agent", "start": 9.5, "end": 14.0, "text": "好的，马上为您安排师傅上门检修。"},
        {"speaker": "customer", "start": 14.5, "end": 16.0, "text": "好，谢谢。"},
    ]
    return data


def pdf_text(path: Path) -> str:
    """The text of a PDF as a viewer extracts it, whitespace removed (wrapped lines join)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True, timeout=60)
    return "".join(out.stdout.split())
