"""SQL metacharacters typed into every search and filter field: the field finds exactly the
rows that hold the text literally (a % or _ is a character, not a wildcard), never errors,
never matches everything, and nothing is injected. On SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from qa_desk.models import Call
from qa_desk.scoring import Scorer, load_pack
from qa_desk.services import audit
from qa_desk.services.banks import BankService, UnknownBankError
from qa_desk.services.calls import CallService
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.queue import QueueFilter, QueueService
from tests.helpers import call_dict, write_json

PAYLOADS = ["'", '"', ";", "--", "%", "_", "\\", "' OR 1=1 --", "' OR '1'='1", "%' OR '1'='1",
            "50%_", "\\%", "'; DROP TABLE calls; --", "*", "[a]", "^", "1=1", "%%"]
ODD_AGENT = "x'1;--%_"
TEXTS = {
    "m-pct": "本月优惠50%_折扣，满100减20",
    "m-quote": "客户说\"你好\"，他姓O'Brien",
    "m-semi": "地址; 不是分号 -- 注释",
    "m-bs": "文件在C:\\temp\\新建\\%目录",
    "m-or": "他说' OR 1=1 --也不行",
    "m-plain": "您好，请问有什么可以帮您",
}


@pytest.fixture
def stored(any_db, tmp_path):
    calls = []
    for call_id, text in TEXTS.items():
        data = call_dict(call_id)
        data["turns"][1]["text"] = text
        if call_id == "m-or":
            data["agent"] = {"id": ODD_AGENT, "name": "O'Neil \"--"}
        calls.append(data)
    ImportService(any_db).import_file(write_json(tmp_path / "calls.json", calls))
    list(score_stored_calls(any_db, list(TEXTS), Scorer(load_pack())))
    with any_db.sessions.begin() as session:
        for number, payload in enumerate(PAYLOADS):
            audit.record(session, actor=f"user{payload}", action=f"test.{payload}",
                         entity=f"thing:{number}{payload}", reason=f"why {payload} not")
    return any_db


def stored_texts(database) -> dict[str, str]:
    service = CallService(database)
    return {call_id: "\n".join(t.text for t in service.get(call_id).turns) for call_id in TEXTS}


def test_queue_text_search_matches_literally(stored):
    texts = stored_texts(stored)
    queue = QueueService(stored)
    expected_counts = {}
    for payload in PAYLOADS:
        expected = {c for c, text in texts.items() if payload in text}
        found = {r.call_id for r in queue.page(QueueFilter(text=payload), limit=100)}
        assert found == expected, payload
        assert queue.count(QueueFilter(text=payload)) == len(expected)
        expected_counts[payload] = len(expected)
    # not vacuous: wildcard characters find only the calls that hold them
    assert expected_counts["%"] == 2 and expected_counts["_"] == 1
    assert expected_counts["' OR 1=1 --"] == 1 and expected_counts["'; DROP TABLE calls; --"] == 0


def test_queue_and_call_filters_take_metacharacters_as_values(stored):
    queue, calls = QueueService(stored), CallService(stored)
    everything = queue.count()
    assert everything == len(TEXTS)
    for payload in PAYLOADS:
        for field in ("agent", "failed_rule", "status", "channel"):
            assert queue.page(QueueFilter(**{field: payload})) == [], (field, payload)
        assert calls.list_calls(agent=payload) == []
        with pytest.raises(ValueError, match="cannot sort by"):
            queue.page(sort=payload)
        with pytest.raises(UnknownBankError, match="no question bank named"):
            BankService(stored).get_bank(payload)
    assert [r.call_id for r in queue.page(QueueFilter(agent=ODD_AGENT))] == ["m-or"]
    assert [r.call_id for r in calls.list_calls(agent=ODD_AGENT)] == ["m-or"]
    assert (ODD_AGENT, "O'Neil \"--") in queue.agents()
    with stored.sessions() as session:  # nothing was dropped or changed
        assert session.scalar(select(func.count()).select_from(Call)) == everything


def test_audit_filters_match_literally(stored):
    entries = audit.history(stored, limit=1000)
    assert len(entries) == len(PAYLOADS)
    for payload in PAYLOADS:
        def ids(**query):
            return {e.id for e in audit.history(stored, audit.AuditQuery(**query))}

        low = payload.lower()
        assert ids(actor=f"user{payload}") == {e.id for e in entries if e.actor == f"user{payload}"}
        assert ids(actor=payload) == set()
        assert ids(action=payload) == set()
        assert ids(entity=payload) == set()
        assert ids(action_prefix=f"test.{payload}") == {
            e.id for e in entries if e.action.startswith(f"test.{payload}")}
        assert ids(entity_text=payload) == {e.id for e in entries if low in e.entity.lower()}
        assert ids(text=payload) == {
            e.id for e in entries
            if any(low in field.lower() for field in (e.actor, e.action, e.entity, e.reason))}
        assert 0 < len(ids(text=payload)) < len(entries), payload  # found, and not everything
    assert audit.verify(stored).ok
