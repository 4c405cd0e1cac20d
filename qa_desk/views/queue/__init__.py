"""The call queue: a lazily paged table over QueueService, its filter bar, and the page."""

from qa_desk.views.queue.filter_bar import QueueFilterBar
from qa_desk.views.queue.model import QueueModel
from qa_desk.views.queue.page import QueuePage

__all__ = ["QueueFilterBar", "QueueModel", "QueuePage"]
