"""The async kintone REST client: records, bulk requests, cursors, form fields and app setup."""

from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any, Literal, Self, Unpack

import anyio

from ticketrelay.errors import Bug
from ticketrelay.kintone.auth import Auth
from ticketrelay.kintone.connection import Connection, JsonObject, Options
from ticketrelay.kintone.errors import KintoneError
from ticketrelay.kintone.fields import Field, parse_form, to_properties

Record = dict[str, dict[str, Any]]
WRITE_LIMIT = 100
BULK_LIMIT = 20
READ_LIMIT = 500


@dataclass(frozen=True, kw_only=True)
class RecordRef:
    """The ID, revision and (for updates) operation kintone reports for a written record."""

    id: str
    revision: str
    operation: Literal["INSERT", "UPDATE"] | None = None


@dataclass(frozen=True, kw_only=True)
class Update:
    """One entry of an update: the record to change, by ID or by a unique key field."""

    record: Record
    id: int | str | None = None
    update_key: tuple[str, str] | None = None
    revision: int | str | None = None

    def payload(self) -> JsonObject:
        """The entry as kintone's records API expects it."""
        entry: JsonObject = {"record": self.record}
        if self.id is not None:
            entry["id"] = self.id
        if self.update_key is not None:
            entry["updateKey"] = {"field": self.update_key[0], "value": self.update_key[1]}
        if self.revision is not None:
            entry["revision"] = self.revision
        return entry


@dataclass(frozen=True, kw_only=True)
class BulkRequest:
    """One sub-request of a bulkRequest: a method, an API name and its payload."""

    method: Literal["POST", "PUT", "DELETE"]
    api: str
    payload: JsonObject

    @classmethod
    def add(cls, app: int, records: Sequence[Record]) -> "BulkRequest":
        """Add up to 100 records."""
        return cls(method="POST", api="records", payload={"app": app, "records": list(records)})

    @classmethod
    def update(cls, app: int, updates: Sequence[Update], *, upsert: bool = False) -> "BulkRequest":
        """Update (or upsert) up to 100 records."""
        payload = {"app": app, "upsert": upsert, "records": [u.payload() for u in updates]}
        return cls(method="PUT", api="records", payload=payload)


@dataclass(frozen=True, kw_only=True)
class RecordPage:
    """Records read by one query, with the total count when it was asked for."""

    records: list[JsonObject]
    total_count: int | None


@dataclass(frozen=True, kw_only=True)
class FormFields:
    """An app's form fields by code, with the revision of the settings they came from."""

    fields: dict[str, Field]
    revision: str


class KintoneClient:
    """Talks to one kintone domain with one set of credentials."""

    def __init__(self, base_url: str, auth: Auth, **options: Unpack[Options]) -> None:
        self._conn = Connection(base_url, auth, **options)

    def __repr__(self) -> str:
        return f"<KintoneClient {self._conn.base_url} guest_space={self._conn.guest_space_id}>"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client's connections."""
        await self._conn.aclose()

    async def add_record(self, app: int, record: Record) -> RecordRef:
        """Add one record."""
        body = await self._conn.call("POST", "record", {"app": app, "record": record})
        return RecordRef(id=str(body["id"]), revision=str(body["revision"]))

    async def add_records(self, app: int, records: Sequence[Record]) -> list[RecordRef]:
        """Add records, 100 a request; each request is atomic, the whole list is not."""
        refs: list[RecordRef] = []
        for start in range(0, len(records), WRITE_LIMIT):
            chunk = list(records[start : start + WRITE_LIMIT])
            try:
                body = await self._conn.call("POST", "records", {"app": app, "records": chunk})
            except KintoneError as exc:
                raise _shifted(exc, start) from None
            refs += [
                RecordRef(id=str(i), revision=str(r))
                for i, r in zip(body["ids"], body["revisions"], strict=True)
            ]
        return refs

    async def update_records(
        self, app: int, updates: Sequence[Update], *, upsert: bool = False
    ) -> list[RecordRef]:
        """Update (or, with upsert, add when missing) records, 100 a request."""
        refs: list[RecordRef] = []
        for start in range(0, len(updates), WRITE_LIMIT):
            chunk = [u.payload() for u in updates[start : start + WRITE_LIMIT]]
            body_in = {"app": app, "upsert": upsert, "records": chunk}
            try:
                body = await self._conn.call("PUT", "records", body_in)
            except KintoneError as exc:
                raise _shifted(exc, start) from None
            refs += [_ref(entry) for entry in body["records"]]
        return refs

    async def upsert_records(
        self, app: int, key_field: str, records: Sequence[Record]
    ) -> list[RecordRef]:
        """Add or update records by a unique key field that each record carries."""
        updates = [
            Update(record=r, update_key=(key_field, str(r[key_field]["value"]))) for r in records
        ]
        return await self.update_records(app, updates, upsert=True)

    async def bulk(self, requests: Sequence[BulkRequest]) -> list[JsonObject]:
        """Run up to 20 sub-requests atomically, in order, and return their answers."""
        if not 0 < len(requests) <= BULK_LIMIT:
            raise Bug(f"a bulkRequest takes 1 to {BULK_LIMIT} sub-requests, not {len(requests)}")
        subs = [
            {"method": r.method, "api": self._conn.path(r.api), "payload": r.payload}
            for r in requests
        ]
        body = await self._conn.call("POST", "bulkRequest", {"requests": subs})
        results: list[JsonObject] = body["results"]
        return results

    async def get_record(self, app: int, record_id: int | str) -> JsonObject:
        """Read one record by its ID."""
        body = await self._conn.get("record", {"app": app, "id": record_id})
        record: JsonObject = body["record"]
        return record

    async def get_records(
        self,
        app: int,
        query: str = "",
        *,
        fields: Sequence[str] | None = None,
        total_count: bool = False,
    ) -> RecordPage:
        """Read the records a query selects (at most 500 a call)."""
        params = _selecting(fields, app=app, query=query, totalCount=total_count)
        body = await self._conn.get("records", params)
        count = body.get("totalCount")
        return RecordPage(
            records=body["records"], total_count=None if count is None else int(count)
        )

    @asynccontextmanager
    async def cursor(
        self,
        app: int,
        query: str = "",
        *,
        fields: Sequence[str] | None = None,
        size: int = READ_LIMIT,
    ) -> AsyncIterator[AsyncIterator[JsonObject]]:
        """Every record a query selects, through a cursor that is freed when the block ends."""
        body = _selecting(fields, app=app, query=query, size=size)
        cursor = str((await self._conn.call("POST", "records/cursor", body))["id"])
        state = {"done": False}
        try:
            yield self._pages(cursor, state)
        finally:
            if not state["done"]:
                with anyio.CancelScope(shield=True):
                    await self._conn.call("DELETE", "records/cursor", {"id": cursor})

    async def _pages(self, cursor: str, state: dict[str, bool]) -> AsyncIterator[JsonObject]:
        while not state["done"]:
            page = await self._conn.get("records/cursor", {"id": cursor})
            state["done"] = not page["next"]
            for record in page["records"]:
                yield record

    async def get_app(self, app: int) -> JsonObject:
        """Read an app's name, space and other settings."""
        return await self._conn.get("app", {"id": app})

    async def get_form_fields(self, app: int, *, preview: bool = False) -> FormFields:
        """Read an app's form fields as typed definitions (live ones, or those not deployed)."""
        body = await self._conn.get("app/form/fields", {"app": app}, preview=preview)
        return FormFields(fields=parse_form(body["properties"]), revision=str(body["revision"]))

    async def add_app(self, name: str, *, space: int | None = None) -> int:
        """Create an app (its settings stay in preview until deployed) and return its ID."""
        body: JsonObject = {"name": name}
        if space is not None:
            body.update(space=space, thread=space)
        return int((await self._conn.call("POST", "app", body, preview=True))["app"])

    async def add_form_fields(self, app: int, fields: Iterable[Field]) -> str:
        """Add fields to an app's preview settings and return the new revision."""
        properties = {f.code: to_properties(f) for f in fields}
        body = {"app": app, "properties": properties}
        return str(
            (await self._conn.call("POST", "app/form/fields", body, preview=True))["revision"]
        )

    async def update_form_fields(self, app: int, fields: Iterable[Field]) -> str:
        """Change fields in an app's preview settings and return the new revision."""
        body = {"app": app, "properties": {f.code: to_properties(f) for f in fields}}
        answer = await self._conn.call("PUT", "app/form/fields", body, preview=True)
        return str(answer["revision"])

    async def delete_form_fields(self, app: int, codes: Iterable[str]) -> str:
        """Delete fields from an app's preview settings and return the new revision."""
        body = {"app": app, "fields": list(codes)}
        answer = await self._conn.call("DELETE", "app/form/fields", body, preview=True)
        return str(answer["revision"])

    async def deploy(self, app: int, *, poll_seconds: float = 0.05, attempts: int = 600) -> None:
        """Deploy an app's preview settings and wait until kintone reports success."""
        await self._conn.call("POST", "app/deploy", {"apps": [{"app": app}]}, preview=True)
        for _ in range(attempts):
            status = await self.deploy_status(app)
            if status == "SUCCESS":
                return
            if status in ("FAIL", "CANCEL"):
                raise KintoneError(f"deploying app {app} ended with {status}; check its settings.")
            await anyio.sleep(poll_seconds)
        raise KintoneError(f"deploying app {app} did not finish; try again later.")

    async def deploy_status(self, app: int) -> str:
        """The state of the latest deploy of an app."""
        body = await self._conn.get("app/deploy", {"apps": [app]}, preview=True)
        return str(body["apps"][0]["status"])


def _selecting(fields: Sequence[str] | None, **params: Any) -> JsonObject:
    """A read's parameters, naming the fields to return unless every field is wanted."""
    return params if fields is None else {**params, "fields": list(fields)}


def _ref(entry: Mapping[str, Any]) -> RecordRef:
    operation = entry.get("operation")
    return RecordRef(
        id=str(entry["id"]),
        revision=str(entry["revision"]),
        operation=operation if operation in ("INSERT", "UPDATE") else None,
    )


def _shifted(exc: KintoneError, offset: int) -> KintoneError:
    """The same error with record indexes counted from the start of the caller's list."""
    exc.committed = offset
    exc.record_errors = tuple(replace(e, index=e.index + offset) for e in exc.record_errors)
    return exc
