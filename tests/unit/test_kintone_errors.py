"""kintone's failures are classified and their per-record errors parsed."""

import pytest

from ticketrelay.errors import ActionRequired, RetryLater
from ticketrelay.kintone.errors import (
    KintoneAccessError,
    KintonePermanentError,
    KintoneRecordError,
    KintoneTransientError,
    RecordError,
    error_class,
    parse_record_errors,
)


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (None, "", KintoneTransientError),
        (500, "", KintoneTransientError),
        (502, "", KintoneTransientError),
        (503, "", KintoneTransientError),
        (504, "", KintoneTransientError),
        (429, "GAIA_TO04", KintoneTransientError),
        (429, "GAIA_TM12", KintoneTransientError),
        (400, "GAIA_DA02", KintoneTransientError),
        (520, "GAIA_IA02", KintoneAccessError),
        (520, "GAIA_SI01", KintonePermanentError),
        (400, "GAIA_IA02", KintoneAccessError),
        (403, "GAIA_NO01", KintoneAccessError),
        (401, "CB_AU01", KintoneAccessError),
        (401, "CB_WA01", KintoneAccessError),
        (403, "CB_NO02", KintoneAccessError),
        (404, "GAIA_AP01", KintoneAccessError),
        (400, "GAIA_IL23", KintoneAccessError),
        (400, "CB_VA01", KintoneRecordError),
        (400, "CB_IJ01", KintoneRecordError),
        (404, "GAIA_RE01", KintonePermanentError),
        (404, "", KintonePermanentError),
    ],
)
def test_classification(status: int | None, code: str, expected: type) -> None:
    """Network errors, 5xx but 520, 429 and GAIA_DA02 are transient; the rest permanent."""
    assert error_class(status, code) is expected


def test_transient_and_permanent_sit_in_the_tree() -> None:
    """Callers can catch by what they do next."""
    assert issubclass(KintoneTransientError, RetryLater)
    assert issubclass(KintoneAccessError, ActionRequired)
    assert issubclass(KintoneRecordError, ActionRequired)


def test_record_errors_of_a_batch_write() -> None:
    """`records[i].code.value` keys become (index, field, messages)."""
    errors = {
        "records[3].title.value": {"messages": ["必須です。"]},
        "records[12].count.value": {"messages": ["数字でなければなりません。", "x"]},
    }
    assert parse_record_errors(errors) == (
        RecordError(index=3, field="title", messages=("必須です。",)),
        RecordError(index=12, field="count", messages=("数字でなければなりません。", "x")),
    )


def test_record_errors_of_single_record_and_bracket_forms() -> None:
    """`record.code.value` is record 0; `record[code].value` names the field in brackets."""
    errors = {
        "record.title.value": {"messages": ["Required."]},
        "record[count].value": {"messages": ["Only numbers are allowed."]},
        "records[2][n].value": {"messages": ["Only numbers are allowed."]},
        "records[1].table.value[0].value.inner.value": {"messages": ["Required."]},
        "record.tags.values[1].value": {"messages": ['The value, "x", is not in options.']},
    }
    assert [(e.index, e.field) for e in parse_record_errors(errors)] == [
        (0, "title"),
        (0, "count"),
        (2, "n"),
        (1, "table"),
        (0, "tags"),
    ]


def test_parameter_errors_are_not_record_errors() -> None:
    """Keys such as `records` or `query` name no record."""
    errors = {"records": {"messages": ["A maximum of 100 records can be added at one time."]}}
    assert parse_record_errors(errors) == ()
    assert parse_record_errors({"query": {"messages": ["bad"]}, "x": "not a dict"}) == ()
