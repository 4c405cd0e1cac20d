"""The call view: replay a call, see each verdict's evidence, review and sign it off.

    view = CallView(database, call_id, reviewer="王主管")
    view.evaluation_did_change.connect(...)   # call id, after every saved review action
    view.load(other_call_id)
"""

from __future__ import annotations

from qa_desk.views.call_view.view import CallView

__all__ = ["CallView"]
