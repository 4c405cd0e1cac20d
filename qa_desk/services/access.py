"""Who may do what. Services check here, so a hidden button is never the only guard.

A caller is either an `Identity` (someone signed in to the app: checked against the role table
below) or a plain string naming a trusted local path such as the command line run by the
machine's owner, or first-run set-up (allowed, and recorded in the audit trail under that
name). Every refusal is a `PermissionDenied` whose message says who was refused what.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN, SUPERVISOR, AGENT, HR = "admin", "supervisor", "agent", "hr"
ROLES = (ADMIN, SUPERVISOR, AGENT, HR)


class PermissionDenied(PermissionError):
    """An action the signed-in role may not take; the message names the role and the action."""


@dataclass(frozen=True, slots=True)
class Identity:
    """Who is signed in: what the rest of the app needs, and nothing secret."""

    username: str
    role: str
    agent_id: str | None = None
    display_name: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def label(self) -> str:
        return self.display_name or self.username


Actor = Identity | str

# permission → (roles allowed, what it is, for the refusal message)
PERMISSIONS: dict[str, tuple[frozenset[str], str]] = {
    "calls.import": (frozenset({ADMIN, SUPERVISOR}), "import calls"),
    "calls.score": (frozenset({ADMIN, SUPERVISOR}), "score calls"),
    "evaluations.read_all": (frozenset({ADMIN, SUPERVISOR, HR}),
                             "read every agent's evaluations"),
    "evaluations.review": (frozenset({ADMIN, SUPERVISOR}), "review or change evaluations"),
    "evaluations.sign": (frozenset({ADMIN, SUPERVISOR}), "sign off evaluations"),
    "disputes.open": (frozenset({AGENT}), "dispute an evaluation"),
    "disputes.rule": (frozenset({ADMIN, SUPERVISOR}), "rule on disputes"),
    "reports.export": (frozenset({ADMIN, SUPERVISOR, HR}), "export reports"),
    "reports.unmask": (frozenset({ADMIN, HR}), "export unmasked personal data"),
    "rewards.policy": (frozenset({ADMIN, HR}), "change the reward/penalty policy"),
    "rewards.manual": (frozenset({ADMIN, SUPERVISOR, HR}), "record reward/penalty entries"),
    "rewards.read_all": (frozenset({ADMIN, SUPERVISOR, HR}),
                         "read every agent's rewards and penalties"),
    "packs.edit": (frozenset({ADMIN, SUPERVISOR}), "edit rule packs"),
    "packs.activate": (frozenset({ADMIN}), "activate a rule pack"),
    "banks.manage": (frozenset({ADMIN, SUPERVISOR}), "manage question banks"),
    "exams.manage": (frozenset({ADMIN, SUPERVISOR}), "create or change exams"),
    "exams.grade": (frozenset({ADMIN, SUPERVISOR}), "grade exams"),
    "exams.results_all": (frozenset({ADMIN, SUPERVISOR, HR}),
                          "read every candidate's exam results"),
    "exams.take": (frozenset({ADMIN, SUPERVISOR, AGENT, HR}), "take exams"),
    "users.manage": (frozenset({ADMIN}), "manage users"),
    "audit.read": (frozenset({ADMIN, SUPERVISOR, HR}), "read the audit trail"),
}


def allowed(actor: Actor, permission: str) -> bool:
    roles, _ = PERMISSIONS[permission]
    if isinstance(actor, Identity):
        return actor.role in roles
    return bool(str(actor).strip())


def require(actor: Actor, permission: str) -> None:
    """Refuse with a clear message unless `actor` holds `permission`."""
    if allowed(actor, permission):
        return
    _, what = PERMISSIONS[permission]
    if isinstance(actor, Identity):
        raise PermissionDenied(f"{actor.username} ({actor.role}) may not {what}")
    raise PermissionDenied(f"an anonymous caller may not {what}")


def actor_name(actor: Actor) -> str:
    """The name the audit trail and the evaluation record for this actor."""
    return actor.label if isinstance(actor, Identity) else str(actor)


def own_agent(actor: Actor, permission: str = "evaluations.read_all") -> str | None:
    """None when the actor may read everyone's records; otherwise the only agent id they may
    read (an agent's own 工号). An agent account with no 工号 may read nothing."""
    if allowed(actor, permission):
        return None
    if isinstance(actor, Identity) and actor.role == AGENT:
        if not actor.agent_id:
            raise PermissionDenied(f"{actor.username} has no agent id (工号) linked to the account")
        return actor.agent_id
    require(actor, permission)
    return None  # unreachable: require raised


def require_own(actor: Actor, agent_id: str | None, permission: str = "evaluations.read_all"
                ) -> None:
    """Refuse unless the actor may read every record, or `agent_id` is the actor's own."""
    own = own_agent(actor, permission)
    if own is not None and agent_id != own:
        raise PermissionDenied(
            f"{actor_name(actor)} may only see their own records (agent {own})")
