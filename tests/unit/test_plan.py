"""The pure plan of a batch: records to send, and the error-log lines of what went wrong."""

from datetime import UTC, datetime, timedelta

from ticketrelay.delivery import plan
from ticketrelay.kintone.errors import KintoneError, RecordError
from ticketrelay.kintone.fields import DropDown, MultiLineText, Number, SingleLineText
from ticketrelay.model import Due, Integration
from ticketrelay.rules.values import Activity

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
ACTIVITY = Activity(
    activity_id="message-1",
    account="acme",
    channel="mail",
    channel_name="メール",
    subject="件名",
    body="本文",
    url="https://helpdesk.example/t/1",
    operator_email="yamada@example.co.jp",
    operator_name="山田 太郎",
    recipient_emails="a@example.com",
    recipient_phones="",
    start_time=NOW - timedelta(minutes=5),
    end_time=NOW,
)
INTEGRATION = Integration(
    id=7,
    version=1,
    name="sales",
    account="acme",
    base_url="https://acme.cybozu.com",
    app=1,
    api_token_encrypted="x",
    mapping={"subject": "title", "activity_id": "aid"},
    created_at=NOW,
    updated_at=NOW,
)
FIELDS = {"title": SingleLineText(code="title"), "aid": SingleLineText(code="aid", unique=True)}


def _due(n: int = 1, activity: Activity = ACTIVITY) -> Due:
    return Due(
        id=n,
        activity_id=activity.activity_id,
        attempts=0,
        first_attempt_at=None,
        triggered_at=NOW,
        values=activity.to_json(),
    )


def test_a_fitting_activity_is_prepared_as_a_record() -> None:
    """The record holds the mapped values; nothing is wrong, so it may be sent."""
    [item] = plan.prepare([_due()], INTEGRATION, FIELDS)
    assert item.ok
    assert item.record == {"title": {"value": "件名"}, "aid": {"value": "message-1"}}
    assert item.problems == ()


def test_an_activity_with_an_error_may_not_be_sent() -> None:
    """A value that does not fit is an ERROR: the item is not ok, and says why."""
    fields = {**FIELDS, "title": Number(code="title")}
    [item] = plan.prepare([_due()], INTEGRATION, fields)
    assert not item.ok
    assert [(p.severity, p.reason, p.field_code) for p in item.problems] == [
        ("error", "not_a_number", "title")
    ]


def test_upsert_needs_a_unique_single_line_text_for_the_activity_id() -> None:
    """Only a SINGLE_LINE_TEXT with prohibit-duplicates makes delivery exactly-once."""
    assert plan.upsert_key(INTEGRATION.mapping, FIELDS) == "aid"
    assert plan.upsert_key(INTEGRATION.mapping, {"aid": SingleLineText(code="aid")}) is None
    assert plan.upsert_key(INTEGRATION.mapping, {"aid": MultiLineText(code="aid")}) is None
    assert plan.upsert_key({"subject": "title"}, FIELDS) is None


def test_kintones_words_about_a_field_become_its_entry() -> None:
    """A rejection names the field, its value key and kintone's code, message and ID."""
    [item] = plan.prepare([_due()], INTEGRATION, FIELDS)
    exc = KintoneError(
        "kintone refused", status=400, code="CB_VA01", error_id="e1", kintone_message="入力内容"
    )
    errors = [RecordError(index=0, field="title", messages=("長すぎます。",))]
    [entry] = plan.rejection_entries(item, errors, exc, INTEGRATION, NOW)
    assert (entry.value_key, entry.field_code, entry.value) == ("subject", "title", "件名")
    assert entry.message_ja == "kintoneがフィールド「title」を拒否しました: 長すぎます。"
    assert (entry.kintone_code, entry.kintone_id, entry.kintone_message) == (
        "CB_VA01",
        "e1",
        "入力内容",
    )


def test_a_rejection_that_names_no_field_is_a_refusal_of_the_record() -> None:
    """Without field errors, the record as a whole was refused."""
    [item] = plan.prepare([_due()], INTEGRATION, FIELDS)
    exc = KintoneError("kintone said no", status=400, code="GAIA_XX")
    [entry] = plan.rejection_entries(item, [], exc, INTEGRATION, NOW)
    assert (entry.reason, entry.field_code) == ("kintone_refused", None)
    assert entry.message_en == "kintone refused the record: kintone said no"


def test_the_give_up_text_counts_the_days_of_the_window() -> None:
    """One day is singular in English; the Japanese counts the same days."""
    exc = KintoneError("503", status=503)
    one = plan.failure_entry(ACTIVITY, exc, 7, NOW, gave_up_after_days=1)
    assert one.message_en == "kintone did not accept the record for 1 day; the last failure: 503"
    assert one.message_ja == "1日間kintoneに登録できませんでした。最後のエラー: 503"
    assert one.reason == "retries_exhausted"


def test_a_field_gone_after_delivery_is_an_error_with_the_value_it_may_lack() -> None:
    """A mapped field deleted or retyped since the last read: the sent record may lack it."""
    before = {"title": SingleLineText(code="title")}
    assert plan.lost_fields({"subject": "title"}, before, {}) == {"subject": "title"}
    assert plan.lost_fields({"subject": "title"}, before, {"title": Number(code="title")}) == {
        "subject": "title"
    }
    assert plan.lost_fields({"subject": "title"}, before, before) == {}
    entry = plan.lost_field_entry(ACTIVITY, "subject", "title", 7, NOW)
    assert (entry.reason, entry.value, entry.operator) == (
        "field_gone_after_delivery",
        "件名",
        "山田 太郎",
    )


def test_an_alert_is_logged_and_the_record_is_still_sent() -> None:
    """A value that is no option of a drop-down: an ALERT line, the field left out."""
    fields = {**FIELDS, "title": DropDown(code="title", options=("A", "B"))}
    [item] = plan.prepare([_due()], INTEGRATION, fields)
    assert item.ok
    [entry] = plan.problem_entries(item, INTEGRATION.id, NOW)
    assert (entry.severity, entry.reason, entry.value) == ("alert", "not_an_option", "件名")


def test_a_rejected_field_that_is_not_mapped_has_no_value() -> None:
    """kintone may name a field of its own (a required one): no value key, no value."""
    [item] = plan.prepare([_due()], INTEGRATION, FIELDS)
    exc = KintoneError("kintone refused", status=400, code="CB_VA01")
    errors = [RecordError(index=0, field="required_one", messages=("必須です。",))]
    [entry] = plan.rejection_entries(item, errors, exc, INTEGRATION, NOW)
    assert (entry.value_key, entry.field_code, entry.value) == (None, "required_one", None)
