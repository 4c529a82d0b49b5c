"""The fields of an integration's app: cached, read again from kintone when stale or asked to,
and compared with the previous read to find the sent records that may have lost a value."""

from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.engine import Connection

from ticketrelay.delivery import plan
from ticketrelay.kintone.client import FormFields, KintoneClient
from ticketrelay.kintone.fields import Field, parse_form, to_properties
from ticketrelay.model import Integration
from ticketrelay.rules.values import Activity
from ticketrelay.store import Store, deliveries, errorlog, fieldcache


async def read(
    store: Store,
    integration: Integration,
    client: KintoneClient,
    now: datetime,
    *,
    max_age: timedelta,
) -> dict[str, Field]:
    """The app's fields, from a fresh cache younger than `max_age`, else from kintone."""
    cached = await store.reading(lambda c: fieldcache.get(c, integration.id))
    if cached is not None and not cached.stale and now - cached.fetched_at < max_age:
        return parse_form(cached.properties)
    return await _refresh(store, integration, client, now, cached)


async def refresh(
    store: Store, integration: Integration, client: KintoneClient, now: datetime
) -> dict[str, Field]:
    """The app's fields read from kintone now, replacing the cache."""
    cached = await store.reading(lambda c: fieldcache.get(c, integration.id))
    return await _refresh(store, integration, client, now, cached)


async def _refresh(
    store: Store,
    integration: Integration,
    client: KintoneClient,
    now: datetime,
    cached: fieldcache.CachedFields | None,
) -> dict[str, Field]:
    form = await client.get_form_fields(integration.app)
    await store.writing(partial(_store, integration=integration, cached=cached, form=form, now=now))
    return form.fields


def _store(
    conn: Connection,
    *,
    integration: Integration,
    cached: fieldcache.CachedFields | None,
    form: FormFields,
    now: datetime,
) -> None:
    """Cache the fields read now; report the records that lost a field since the last read."""
    properties = {code: to_properties(f) for code, f in form.fields.items()}
    fresh = fieldcache.CachedFields(properties=properties, revision=form.revision, fetched_at=now)
    fieldcache.put(conn, integration.id, fresh)
    if cached is None:
        return
    lost = plan.lost_fields(integration.mapping, parse_form(cached.properties), form.fields)
    if lost:
        _report_lost(conn, integration, lost, form.fields, since=cached.fetched_at, now=now)


def _report_lost(
    conn: Connection,
    integration: Integration,
    lost: dict[str, str],
    fields: dict[str, Field],
    *,
    since: datetime,
    now: datetime,
) -> None:
    """Records sent since the last good read may lack values of fields gone since: say so.

    kintone silently ignores values for unknown field codes, so this is the only trace.
    With the activity-ID field still in place, the deliveries become ERRORs that a resend
    repairs in place (upsert); without it, the log says which records to check.
    """
    sent = deliveries.delivered_since(conn, integration.id, since)
    entries = [
        plan.lost_field_entry(Activity.from_json(d.values), key, code, integration.id, now)
        for d in sent
        for key, code in lost.items()
    ]
    errorlog.add_many(conn, entries)
    if plan.upsert_key(integration.mapping, fields):
        deliveries.failed(conn, [d.id for d in sent], error="field_gone", now=now)
