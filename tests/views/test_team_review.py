"""Two desks, one team database (SQLite and a real PostgreSQL server): two supervisors review
the same call in two windows at once. The second save meets a clear "changed by X, reload"
message, nothing of the first is lost, and after Reload the second supervisor's own change
saves on top of it. The audit trail holds both, in order, and verifies."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qa_desk.services import audit
from qa_desk.services.access import Identity
from qa_desk.services.review import ReviewService
from qa_desk.views.call_view import CallView
from tests.views.test_call_view import DEMO, FAILING, import_and_score, override

WANG = Identity("wang", "supervisor", display_name="王主管")
LI = Identity("li", "supervisor", display_name="李主管")


def desk(qtbot, database, identity: Identity) -> CallView:
    view = CallView(database, FAILING, reviewer=identity.label, identity=identity)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_two_supervisors_on_one_database_lose_nothing(qtbot, any_db):
    import_and_score(any_db, DEMO / f"{FAILING}.json")
    first, second = desk(qtbot, any_db, WANG), desk(qtbot, any_db, LI)

    override(qtbot, first, "language.forbidden", 20, "客户说的")
    with qtbot.assertNotEmitted(second.evaluation_did_change):
        override(qtbot, second, "complaint.apology", 5, "有致歉，转写漏字")
    assert "changed by 王主管" in second.message_bar.text()
    saved = ReviewService(any_db).current(FAILING)
    assert saved.item("language.forbidden").reason == "客户说的"
    assert saved.item("complaint.apology").review is None  # the stale save did not land

    qtbot.mouseClick(second.message_bar.reload_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(second.evaluation_did_change):
        override(qtbot, second, "complaint.apology", 5, "有致歉，转写漏字")
    both = ReviewService(any_db).current(FAILING)
    assert both.item("language.forbidden").reason == "客户说的"
    assert both.item("complaint.apology").reviewed_points == 5
    assert both.reviewed_by == "李主管"
    trail = [(e.actor, e.action) for e in reversed(audit.history(any_db, action="review.override"))]
    assert trail == [("王主管", "review.override"), ("李主管", "review.override")]
    assert audit.verify(any_db).ok
