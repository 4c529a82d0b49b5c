"""The error log as CSV: BOM or cp932, Japanese or English header, times in the given zone."""

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ticketrelay.model import Entry
from ticketrelay.rules.error_csv import to_csv

ENTRY = Entry(
    integration_id=1,
    at=datetime(2026, 11, 25, 1, 2, 3, tzinfo=UTC),
    severity="error",
    activity_id="message-abc-1",
    channel_name="メール",
    operator="佐藤 花子",
    start_time=datetime(2026, 11, 25, 0, 55, tzinfo=UTC),
    value_key="subject",
    field_code="subject",
    reason="too_long",
    message_ja="件名が長すぎます。",
    message_en="The subject is too long.",
    kintone_code=None,
)
TOKYO = ZoneInfo("Asia/Tokyo")


def _rows(data: bytes, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def test_utf8_with_bom_and_a_japanese_header_by_default() -> None:
    """Excel opens the default export as UTF-8 because of its byte order mark."""
    data = to_csv([ENTRY], zone=TOKYO)
    assert data.startswith(b"\xef\xbb\xbf")
    header, row = _rows(data, "utf-8-sig")
    assert header[:3] == ["日時", "重要度", "アクティビティID"]
    assert row == [
        "2026-11-25T10:02:03+09:00",
        "エラー",
        "message-abc-1",
        "メール",
        "佐藤 花子",
        "2026-11-25T09:55:00+09:00",
        "subject",
        "too_long",
        "件名が長すぎます。",
        "",
        "",
        "",
    ]


def test_cp932_and_an_english_header_on_request() -> None:
    """Shift_JIS for older tools; the English export has English words throughout."""
    data = to_csv([ENTRY], zone=TOKYO, encoding="cp932", language="en")
    assert not data.startswith(b"\xef\xbb\xbf")
    header, row = _rows(data, "cp932")
    assert header[:2] == ["When", "Severity"]
    assert (row[1], row[3], row[8]) == ("ERROR", "メール", "The subject is too long.")


def test_characters_cp932_lacks_become_question_marks() -> None:
    """An emoji in an operator's name does not break a Shift_JIS export."""
    odd = Entry(**{**vars(ENTRY), "operator": "佐藤 花子😀"})
    _, row = _rows(to_csv([odd], zone=TOKYO, encoding="cp932"), "cp932")
    assert row[4] == "佐藤 花子?"


def test_lines_end_with_crlf() -> None:
    """CSV lines end with CRLF, as RFC 4180 and spreadsheet tools expect."""
    assert to_csv([], zone=TOKYO).decode("utf-8-sig").endswith("\r\n")


def test_a_time_the_zone_cannot_show_is_written_in_utc() -> None:
    """A start time of year 9999 (past the calendar in Tokyo) cannot break the export."""
    far = Entry(**{**vars(ENTRY), "start_time": datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)})
    _, row = _rows(to_csv([far], zone=TOKYO), "utf-8-sig")
    assert (row[0], row[5]) == ("2026-11-25T10:02:03+09:00", "9999-12-31T23:59:59+00:00")


def test_a_time_before_the_zones_standard_time_is_written_in_utc() -> None:
    """Year 1 in Tokyo would be at local mean time, +09:18:59; the export writes UTC instead."""
    old = Entry(**{**vars(ENTRY), "start_time": datetime(1, 1, 1, tzinfo=UTC)})
    _, row = _rows(to_csv([old], zone=TOKYO), "utf-8-sig")
    assert row[5] == "0001-01-01T00:00:00+00:00"
