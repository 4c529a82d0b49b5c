"""The settings page's "send a test record": a sample activity written with a mapping.

The sample is a sent mail with every value filled in and a fresh activity ID, so that it
can be sent again and again, even to an app whose activity-ID field prohibits duplicates.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ticketrelay.kintone.client import KintoneClient
from ticketrelay.kintone.errors import KintoneError
from ticketrelay.rules.mapping import to_record
from ticketrelay.rules.problems import Problem
from ticketrelay.rules.values import Activity


@dataclass(frozen=True, kw_only=True)
class SampleOutcome:
    """What became of the sample: its record ID, the problems found, or kintone's refusal."""

    activity: Activity
    record_id: str | None = None
    problems: tuple[Problem, ...] = ()
    error: KintoneError | None = None
    field_errors: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def sent(self) -> bool:
        """Whether kintone holds the record now."""
        return self.record_id is not None


def sample_activity(account: str, now: datetime) -> Activity:
    """A sent mail from a sample operator to two customers, ending `now`."""
    return Activity(
        activity_id=f"test-{uuid.uuid4().hex}",
        account=account,
        channel="mail",
        channel_name="メール",
        subject="【テスト】ticketrelay からのテストレコード",
        body="ticketrelay の連携設定から送信したテストレコードです。\n削除してかまいません。",
        url="https://example.com/ticketrelay/test",
        operator_email="test.operator@example.com",
        operator_name="テスト 太郎",
        recipient_emails="customer1@example.com,customer2@example.com",
        recipient_phones="",
        start_time=now - timedelta(minutes=5),
        end_time=now,
    )


async def send_sample(
    client: KintoneClient,
    app: int,
    mapping: Mapping[str, str],
    time_zone: str,
    activity: Activity,
) -> SampleOutcome:
    """Map the sample onto the app's live fields and add it as a record, unless it has ERRORs."""
    try:
        form = await client.get_form_fields(app)
    except KintoneError as exc:
        return _refused(activity, exc, ())
    mapped = to_record(activity, mapping, form.fields, time_zone)
    if not mapped.ok:
        return SampleOutcome(activity=activity, problems=mapped.problems)
    try:
        ref = await client.add_record(app, mapped.record)
    except KintoneError as exc:
        return _refused(activity, exc, mapped.problems)
    return SampleOutcome(activity=activity, record_id=ref.id, problems=mapped.problems)


def _refused(activity: Activity, exc: KintoneError, problems: tuple[Problem, ...]) -> SampleOutcome:
    field_errors = tuple(
        (error.field, message) for error in exc.record_errors for message in error.messages
    )
    return SampleOutcome(activity=activity, problems=problems, error=exc, field_errors=field_errors)
