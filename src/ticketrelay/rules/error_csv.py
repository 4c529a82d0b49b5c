"""The error log as CSV: UTF-8 with BOM (or cp932), a header row in Japanese or English.

Times are ISO 8601 in the integration's zone; one the zone cannot show (past year 9999
there, or at a local mean time offset) is written in UTC instead, so no entry can break
the export.
"""

import csv
import io
from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Literal

from ticketrelay.model import Entry
from ticketrelay.rules.scalars import show_time

Encoding = Literal["utf-8", "cp932"]
Language = Literal["ja", "en"]

_COLUMNS: tuple[tuple[str, str], ...] = (
    ("日時", "When"),
    ("重要度", "Severity"),
    ("アクティビティID", "Activity ID"),
    ("チャネル名", "Channel name"),
    ("操作ユーザ", "Operator"),
    ("開始時刻", "Start time"),
    ("フィールド", "Field"),
    ("理由コード", "Reason code"),
    ("内容", "Message"),
    ("kintoneエラーコード", "kintone error code"),
    ("kintoneメッセージ", "kintone message"),
    ("kintoneエラーID", "kintone error ID"),
)
_SEVERITY = {"error": ("エラー", "ERROR"), "alert": ("アラート", "ALERT")}


def to_csv(
    entries: Iterable[Entry],
    *,
    zone: tzinfo,
    encoding: Encoding = "utf-8",
    language: Language = "ja",
) -> bytes:
    """The entries as CSV bytes; characters cp932 lacks become `?` in that encoding."""
    column = 0 if language == "ja" else 1
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([names[column] for names in _COLUMNS])
    for entry in entries:
        writer.writerow(_row(entry, zone, column))
    text = out.getvalue()
    if encoding == "cp932":
        return text.encode("cp932", errors="replace")
    return text.encode("utf-8-sig")


def _row(entry: Entry, zone: tzinfo, column: int) -> list[str]:
    return [
        _time(entry.at, zone),
        _SEVERITY[entry.severity][column],
        entry.activity_id,
        entry.channel_name,
        entry.operator,
        _time(entry.start_time, zone),
        entry.field_code or "",
        entry.reason,
        entry.message_ja if column == 0 else entry.message_en,
        entry.kintone_code or "",
        entry.kintone_message or "",
        entry.kintone_id or "",
    ]


def _time(value: datetime | None, zone: tzinfo) -> str:
    return "" if value is None else show_time(value, zone)
