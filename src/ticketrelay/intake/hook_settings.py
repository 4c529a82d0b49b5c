"""Setting up a webhook source: create it, then give or replace its secrets and settings.

A helpdesk shows its webhook's secret only once the webhook exists, and the webhook needs
ticketrelay's URL first; so a source may be created without its secret (every delivery is
refused until it has one) and given the secret afterwards. Secrets are stored encrypted; an
API credential (`poll_secret`) starts or resumes the source's poll.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from ticketrelay.crypto import Cipher, hash_token, new_source_token
from ticketrelay.errors import NotFound
from ticketrelay.model import HELPDESK_KINDS, Source
from ticketrelay.secret import Secret
from ticketrelay.store import Store, polls, sources


def create(
    store: Store,
    cipher: Cipher,
    *,
    account: str,
    name: str,
    kind: str,
    settings: Mapping[str, Any],
    secret: Secret | None,
    poll_secret: Secret | None = None,
    now: datetime,
) -> Source:
    """A new webhook source; without a secret, it refuses every delivery until given one."""
    with store.write() as conn:
        source = sources.add(
            conn,
            account=account,
            name=name,
            token_hash=hash_token(new_source_token().reveal()),
            now=now,
            kind=kind,
            settings=settings,
            secret_encrypted=None if secret is None else cipher.encrypt(secret),
        )
        if poll_secret is not None:
            polls.add(conn, source.id, cipher.encrypt(poll_secret), now)
        return source


def update(
    store: Store,
    cipher: Cipher,
    source_id: int,
    *,
    settings: Mapping[str, Any] | None = None,
    secret: Secret | None = None,
    poll_secret: Secret | None = None,
    now: datetime,
) -> Source:
    """Merge new settings into a live webhook source and replace the secrets given."""
    with store.write() as conn:
        found = sources.get(conn, source_id)
        if found is None or found.revoked_at is not None or found.kind not in HELPDESK_KINDS:
            raise NotFound(f"There is no live helpdesk source {source_id}.")
        merged = None if settings is None else {**found.settings, **settings}
        encrypted = None if secret is None else cipher.encrypt(secret)
        sources.update(conn, source_id, settings=merged, secret_encrypted=encrypted)
        if poll_secret is not None:
            _poll_with(conn, source_id, cipher.encrypt(poll_secret), now)
        elif settings is not None and polls.get(conn, source_id) is not None:
            polls.resume(conn, source_id, now)
        return sources.get(conn, source_id) or found


def _poll_with(conn: Connection, source_id: int, encrypted: str, now: datetime) -> None:
    if polls.get(conn, source_id) is None:
        polls.add(conn, source_id, encrypted, now)
    else:
        polls.replace_secret(conn, source_id, encrypted, now)
