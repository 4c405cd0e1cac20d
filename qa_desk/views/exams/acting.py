"""A service with every call made as the signed-in user, so each tab need not pass `actor`.

The services check the permission and whose attempt it is on every call; this only saves
the tabs from threading the identity through."""

from __future__ import annotations

import functools
from typing import Any

from qa_desk.services.access import Actor


class Acting:
    """`Acting(service, actor).start(...)` is `service.start(..., actor=actor)` for every
    method that takes an actor; anything else is the service's own attribute."""

    def __init__(self, service: Any, actor: Actor) -> None:
        self.service, self.actor = service, actor

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.service, name)
        if callable(attribute) and _takes_actor(attribute):
            return functools.partial(attribute, actor=self.actor)
        return attribute


@functools.cache
def _takes_actor_code(code: Any) -> bool:
    return "actor" in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]


def _takes_actor(method: Any) -> bool:
    code = getattr(getattr(method, "__func__", method), "__code__", None)
    return code is not None and _takes_actor_code(code)
