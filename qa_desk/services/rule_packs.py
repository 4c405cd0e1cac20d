"""Rule pack versions kept in the user's data folder: saving an edit creates a new version
file, and evaluations keep the version they were scored with.

Which version is active is decided in the database, by an administrator: the newest
"pack.activate" row of the (hash-chained, append-only) audit trail names it. So the choice is
shared by every desk on a team database, provable, and needs no table of its own. Saving and
activating are audited in one transaction with the change."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from qa_desk.config import data_dir
from qa_desk.db import Database
from qa_desk.models import AuditEntry
from qa_desk.scoring.pack import RulePack, default_pack_path, load_pack
from qa_desk.scoring.pack_edit import to_yaml
from qa_desk.services import access, audit
from qa_desk.services.access import Actor

SAVE, ACTIVATE = "pack.save", "pack.activate"


class PackVersionError(LookupError):
    """A pack version that cannot be found or used here; the message says which and where."""


@dataclass(frozen=True, slots=True)
class PackVersion:
    pack_id: str
    version: str
    path: Path


@dataclass(frozen=True, slots=True)
class Activation:
    """The active version as the audit trail records it."""

    pack_id: str
    version: str
    hash: str | None
    by: str
    entry_id: int
    content: str | None = None  # the pack's YAML as activated (older rows may lack it)


class RulePackStore:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or data_dir() / "rules"

    def save(self, data: dict, pack: RulePack, *, database: Database | None = None,
             actor: Actor | None = None) -> PackVersion:
        """Write a validated, edited pack as a new version; an unchanged pack writes nothing.
        With a database, the new version is audited ("pack.save", who, version and file hash)
        in the same step; a caller who may not edit packs is refused before anything is written."""
        if database is not None:
            access.require(actor or "", "packs.edit")
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{pack.id}-{pack.version}.yaml"
        if path.exists():
            return PackVersion(pack.id, pack.version, path)
        content = to_yaml(data).encode("utf-8")
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(content)
        if database is None:
            temporary.replace(path)
        else:
            try:
                with database.sessions.begin() as session:
                    audit.record(session, actor=access.actor_name(actor), action=SAVE,
                                 entity=_entity(pack.id),
                                 after={"version": pack.version, "hash": _sha256(content)})
                    temporary.replace(path)
            finally:
                temporary.unlink(missing_ok=True)
        return PackVersion(pack.id, pack.version, path)

    def versions(self) -> list[PackVersion]:
        found = []
        for path in sorted(self.folder.glob("*.yaml"), key=lambda p: p.stat().st_mtime):
            pack = load_pack(path)
            found.append(PackVersion(pack.id, pack.version, path))
        return found

    def find(self, version: str) -> PackVersion:
        """A saved version, or the built-in default pack's version."""
        for candidate in [*self.versions(), _default_version()]:
            if candidate.version == version:
                return candidate
        raise PackVersionError(f"no rule pack version {version} in {self.folder} "
                               "(nor is it the built-in default pack)")

    def activate(self, version: str, *, actor: Actor, database: Database,
                 reason: str | None = None) -> PackVersion:
        """Make a saved version the one new evaluations use. Administrators only; audited
        ("pack.activate", before: the version active until now). The pack's text goes into the
        audit row too, so every desk on a team database can use the version activated."""
        access.require(actor, "packs.activate")
        found = self.find(version)
        content = found.path.read_bytes()
        with database.sessions.begin() as session:
            previous = _activation(session)
            audit.record(session, actor=access.actor_name(actor), action=ACTIVATE,
                         entity=_entity(found.pack_id),
                         before={"pack": previous.pack_id, "version": previous.version}
                         if previous else None,
                         after={"version": found.version, "hash": _sha256(content),
                                "file": found.path.name, "content": content.decode("utf-8")},
                         reason=reason)
        return found

    def active(self, database: Database) -> PackVersion | None:
        """The active version's file on this desk; None while no administrator has activated
        one (the built-in default applies). PackVersionError when the activated version is
        not on this desk, or its file no longer holds what was activated."""
        activation = active_version(database)
        if activation is None:
            return None
        try:
            found = self.find(activation.version)
        except PackVersionError:
            found = self._copy_from_trail(activation)
        if activation.hash and _sha256(found.path.read_bytes()) != activation.hash:
            raise PackVersionError(f"{found.path} was changed after it was activated "
                                   f"(version {activation.version}); ask an administrator")
        return found


    def _copy_from_trail(self, activation: Activation) -> PackVersion:
        """Another desk activated a version this one never saved: write it from the audit row."""
        content = (activation.content or "").encode("utf-8")
        if not content or (activation.hash and _sha256(content) != activation.hash):
            raise PackVersionError(
                f"rule pack {activation.pack_id} version {activation.version} was activated by "
                f"{activation.by}, but this desk has no copy of it in {self.folder}")
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{activation.pack_id}-{activation.version}.yaml"
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(content)
        temporary.replace(path)
        return PackVersion(activation.pack_id, activation.version, path)


def active_version(database: Database) -> Activation | None:
    """The newest activation in the audit trail, or None (the built-in default applies)."""
    with database.sessions() as session:
        return _activation(session)


def _activation(session) -> Activation | None:
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == ACTIVATE)
                           .order_by(AuditEntry.id.desc()).limit(1))
    if entry is None or not entry.after:
        return None
    return Activation(pack_id=entry.entity.removeprefix("pack:"), version=entry.after["version"],
                      hash=entry.after.get("hash"), by=entry.actor, entry_id=entry.id,
                      content=entry.after.get("content"))


def _default_version() -> PackVersion:
    pack = load_pack(None)
    return PackVersion(pack.id, pack.version, default_pack_path())


def _entity(pack_id: str) -> str:
    return f"pack:{pack_id}"


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
