"""One batch of deliveries, decided without I/O: records to send, ERRORs and ALERTs to log."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ticketrelay.kintone.errors import KintoneError, RecordError
from ticketrelay.kintone.fields import Field, SingleLineText
from ticketrelay.model import Due, Entry, Integration
from ticketrelay.rules.mapping import to_records
from ticketrelay.rules.problems import Problem, writable
from ticketrelay.rules.values import Activity


@dataclass(frozen=True, kw_only=True)
class Prepared:
    """A due delivery with its activity, its kintone record and the problems found."""

    due: Due
    activity: Activity
    record: dict[str, dict[str, Any]]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """Whether it may be sent: no ERROR among its problems."""
        return writable(self.problems)


def prepare(
    dues: Sequence[Due], integration: Integration, fields: Mapping[str, Field]
) -> list[Prepared]:
    """Map each due activity onto the app's fields with the integration's current mapping."""
    activities = [Activity.from_json(due.values) for due in dues]
    mapped = to_records(activities, integration.mapping, fields, integration.timezone)
    return [
        Prepared(
            due=due,
            activity=activity,
            record=m.record,
            problems=tuple(p for p in m.problems if p.severity != "warning"),
        )
        for due, activity, m in zip(dues, activities, mapped, strict=True)
    ]


def upsert_key(mapping: Mapping[str, str], fields: Mapping[str, Field]) -> str | None:
    """The field to upsert by: the activity ID's field when it is a unique single-line text."""
    code = mapping.get("activity_id")
    field = fields.get(code or "")
    return code if isinstance(field, SingleLineText) and field.unique else None


def problem_entries(item: Prepared, integration_id: int, now: datetime) -> list[Entry]:
    """The error-log lines of a prepared delivery's ERRORs and ALERTs."""
    return [
        _entry(
            item.activity,
            integration_id,
            now,
            severity="error" if p.severity == "error" else "alert",
            value_key=p.value_key,
            field_code=p.field_code,
            reason=p.reason,
            message_en=p.en,
            message_ja=p.ja,
            value=_value(item.activity, p.value_key),
        )
        for p in item.problems
    ]


def rejection_entries(
    item: Prepared,
    errors: Sequence[RecordError],
    exc: KintoneError,
    integration: Integration,
    now: datetime,
) -> list[Entry]:
    """The error-log lines of a record that kintone rejected, in kintone's own words."""
    codes = {code: key for key, code in integration.mapping.items()}
    return [
        _entry(
            item.activity,
            integration.id,
            now,
            severity="error",
            value_key=codes.get(e.field),
            field_code=e.field,
            reason="kintone_rejected",
            message_en=f"kintone rejected field {e.field}: {' '.join(e.messages)}",
            message_ja=f"kintoneがフィールド「{e.field}」を拒否しました: {' '.join(e.messages)}",
            kintone=exc,
            value=_value(item.activity, codes.get(e.field)),
        )
        for e in errors
    ] or [failure_entry(item.activity, exc, integration.id, now)]


def failure_entry(
    activity: Activity,
    exc: KintoneError,
    integration_id: int,
    now: datetime,
    *,
    gave_up_after_days: float | None = None,
) -> Entry:
    """The error-log line of an activity kintone refused, or never took in days of retries."""
    if gave_up_after_days is not None:
        days = f"{gave_up_after_days:g}"
        en = f"kintone did not accept the record for {_days(days)}; the last failure: {exc}"
        ja = f"{days}日間kintoneに登録できませんでした。最後のエラー: {exc}"
    else:
        en = f"kintone refused the record: {exc}"
        ja = f"kintoneがレコードの登録を拒否しました: {exc}"
    return _entry(
        activity,
        integration_id,
        now,
        severity="error",
        value_key=None,
        field_code=None,
        reason="kintone_refused" if gave_up_after_days is None else "retries_exhausted",
        message_en=en,
        message_ja=ja,
        kintone=exc,
    )


def lost_fields(
    mapping: Mapping[str, str], before: Mapping[str, Field], after: Mapping[str, Field]
) -> dict[str, str]:
    """Mapped fields (value key: code) that were there before and are gone or changed now."""
    return {
        key: code
        for key, code in mapping.items()
        if code in before and (code not in after or after[code].type != before[code].type)
    }


def lost_field_entry(
    activity: Activity, value_key: str, field_code: str, integration_id: int, now: datetime
) -> Entry:
    """The error-log line of a sent record that may lack a value: its field disappeared."""
    return _entry(
        activity,
        integration_id,
        now,
        severity="error",
        value_key=value_key,
        field_code=field_code,
        reason="field_gone_after_delivery",
        message_en=(
            f"Field {field_code} was deleted from the app or changed its type after the "
            "record was sent; kintone ignores values of unknown fields, so the record may lack "
            f"the {value_key}. Fix the mapping, then resend."
        ),
        message_ja=(
            f"送信後にフィールド「{field_code}」がアプリから削除されたか、型が変更されました。"
            "kintoneは存在しないフィールドの値を無視するため、レコードにこの値が登録されて"
            "いない可能性があります。マッピングを修正してから再送してください。"
        ),
        value=_value(activity, value_key),
    )


def _days(count: str) -> str:
    return f"{count} day" if count == "1" else f"{count} days"


def _value(activity: Activity, key: str | None) -> str | None:
    if key is None:
        return None
    value = activity.value(key)
    return None if value is None else str(value)


def _entry(
    activity: Activity,
    integration_id: int,
    now: datetime,
    *,
    kintone: KintoneError | None = None,
    **details: Any,
) -> Entry:
    return Entry(
        integration_id=integration_id,
        at=now,
        activity_id=activity.activity_id,
        channel_name=activity.channel_name,
        operator=activity.operator_name or activity.operator_email,
        start_time=activity.start_time,
        kintone_code=kintone.code or None if kintone else None,
        kintone_message=kintone.kintone_message or None if kintone else None,
        kintone_id=kintone.error_id or None if kintone else None,
        **details,
    )
