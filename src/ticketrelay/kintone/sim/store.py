"""Apps and their records in memory, unique-value indexes, and all-or-nothing transactions."""

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ticketrelay.kintone.sim.schema import Schema

Properties = dict[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """One record as the simulator holds it; a write replaces it with a new one."""

    id: int
    revision: int
    values: dict[str, object]
    created_at: str
    updated_at: str
    creator: str
    modifier: str

    def to_json(self) -> dict[str, Any]:
        """The record in the journal's shape."""
        return {
            "id": self.id,
            "rev": self.revision,
            "v": self.values,
            "ct": self.created_at,
            "ut": self.updated_at,
            "cr": self.creator,
            "mo": self.modifier,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "StoredRecord":
        """A record read back from the journal."""
        return cls(
            data["id"], data["rev"], data["v"], data["ct"], data["ut"], data["cr"], data["mo"]
        )


def unique_key(type_name: str, value: object) -> object:
    """The value that "prohibit duplicate values" compares: numbers by value, else the text."""
    if value in (None, "", []):
        return None
    if type_name == "NUMBER":
        return Decimal(str(value))
    return value


@dataclass(kw_only=True)
class SimApp:
    """An app: its preview and live form, deploy state and records."""

    id: int
    name: str
    space: int | None = None
    guest: bool = False
    created_at: str = ""
    preview: Properties = field(default_factory=dict)
    live: Properties = field(default_factory=dict)
    revision: int = 1
    live_revision: int = 0
    deployed: bool = False
    pending_polls: int = 0
    records: dict[int, StoredRecord] = field(default_factory=dict)
    next_id: int = 1
    next_row_id: int = 1
    schema: Schema = field(default_factory=lambda: Schema.build({}))
    unique: dict[str, dict[object, int]] = field(default_factory=dict)

    def deploy(self) -> None:
        """Make the preview form live."""
        self.go_live(copy.deepcopy(self.preview), self.revision)

    def go_live(self, live: Properties, revision: int) -> None:
        """Use `live` as the app's live form and rebuild the indexes it needs."""
        self.live = live
        self.live_revision = revision
        self.deployed = True
        self.schema = Schema.build(self.live)
        self.unique = {s.code: {} for s in self.schema.writable if s.unique}
        for record in self.records.values():
            self._index(record, add=True)

    def owner(self, code: str, value: object) -> int | None:
        """The id of the record that holds `value` in the unique field `code`, if any."""
        key = unique_key(self.schema.specs[code].type, value)
        return None if key is None else self.unique[code].get(key)

    def replace(self, old: StoredRecord | None, new: StoredRecord | None) -> None:
        """Swap one record for another (None: absent), keeping the indexes right."""
        if old is not None:
            self._index(old, add=False)
            del self.records[old.id]
        if new is not None:
            self.records[new.id] = new
            self._index(new, add=True)

    def _index(self, record: StoredRecord, *, add: bool) -> None:
        for code, index in self.unique.items():
            key = unique_key(self.schema.specs[code].type, record.values.get(code))
            if key is None:
                continue
            if add:
                index.setdefault(key, record.id)
            elif index.get(key) == record.id:
                del index[key]

    def new_row_id(self) -> int:
        """A fresh subtable row id."""
        self.next_row_id += 1
        return self.next_row_id - 1


@dataclass(frozen=True)
class Change:
    """One record swap of a transaction, with the app's id counter before it."""

    app: SimApp
    old: StoredRecord | None
    new: StoredRecord | None
    next_id: int


class Txn:
    """The record changes of one request, applied at once and undone together on failure."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def put(self, app: SimApp, new: StoredRecord) -> None:
        """Add or replace a record."""
        self._swap(app, app.records.get(new.id), new)

    def delete(self, app: SimApp, record_id: int) -> None:
        """Remove a record."""
        self._swap(app, app.records[record_id], None)

    def allocate(self, app: SimApp) -> int:
        """A new record id of `app` (given back on rollback)."""
        self.changes.append(Change(app, None, None, app.next_id))
        app.next_id += 1
        return app.next_id - 1

    def _swap(self, app: SimApp, old: StoredRecord | None, new: StoredRecord | None) -> None:
        self.changes.append(Change(app, old, new, app.next_id))
        app.replace(old, new)

    def rollback(self) -> None:
        """Undo every change, newest first."""
        for change in reversed(self.changes):
            change.app.replace(change.new, change.old)
            change.app.next_id = change.next_id
        self.changes.clear()

    def outcome(self) -> dict[int, tuple[dict[int, StoredRecord], set[int]]]:
        """The committed result by app id: records now present, and ids now gone."""
        out: dict[int, tuple[dict[int, StoredRecord], set[int]]] = {}
        for change in self.changes:
            puts, gone = out.setdefault(change.app.id, ({}, set()))
            if change.new is not None:
                puts[change.new.id] = change.new
                gone.discard(change.new.id)
            elif change.old is not None:
                puts.pop(change.old.id, None)
                gone.add(change.old.id)
        return out
