"""Running a parsed query over an app's records: field lookup, operators and sort (§2.4)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from ticketrelay.kintone.sim.coerce import datetime_utc
from ticketrelay.kintone.sim.messages import SimError
from ticketrelay.kintone.sim.query import Compare, Condition, Junction, Literal, Query, syntax_error
from ticketrelay.kintone.sim.store import SimApp, StoredRecord

Getter = Callable[[StoredRecord], object]
Predicate = Callable[[StoredRecord], bool]

_TEXT_OPS: Final = frozenset({"=", "!=", "in", "not in", "like", "not like"})
_LONG_OPS: Final = frozenset({"like", "not like"})
_ORDERED_OPS: Final = frozenset({"=", "!=", ">", "<", ">=", "<=", "in", "not in"})
_CHOICE_OPS: Final = frozenset({"in", "not in"})
_EMPTY_OPS: Final = frozenset({"is empty", "is not empty"})
_OPS_BY_TYPE: Final = {
    "SINGLE_LINE_TEXT": _TEXT_OPS,
    "LINK": _TEXT_OPS,
    "MULTI_LINE_TEXT": _LONG_OPS,
    "RICH_TEXT": _LONG_OPS,
    "DROP_DOWN": _CHOICE_OPS,
    "RADIO_BUTTON": _CHOICE_OPS,
    "CHECK_BOX": _CHOICE_OPS,
    "MULTI_SELECT": _CHOICE_OPS,
    "STATUS": _CHOICE_OPS,
    "CREATOR": _CHOICE_OPS,
    "MODIFIER": _CHOICE_OPS,
    "USER_SELECT": _CHOICE_OPS,
}
_INTEGER_TYPES: Final = frozenset({"__ID__", "RECORD_NUMBER"})


@dataclass(frozen=True)
class Env:
    """What functions in a query refer to: the time, the time zone and the user."""

    now: datetime
    tz: tzinfo
    user: str


def select(app: SimApp, query: Query, env: Env) -> list[StoredRecord]:
    """The app's records matching the query's condition, in the query's order."""
    records: Iterable[StoredRecord] = app.records.values()
    if query.condition is not None:
        predicate = _predicate(app, query.condition, env)
        records = [r for r in records if predicate(r)]
    order = query.order or (("$id", True),)
    ordered = list(records)
    for name, descending in reversed(order):
        getter = _getter(app, name)[1]
        ordered.sort(key=_sort_by(getter), reverse=descending)
    return ordered


def _sort_by(getter: Getter) -> Callable[[StoredRecord], Any]:
    def key(record: StoredRecord) -> tuple[bool, object]:
        value = getter(record)
        if isinstance(value, list):
            value = tuple(str(v) for v in value)
        return value is not None, value

    return key


def _getter(app: SimApp, name: str) -> tuple[str, Getter]:
    if name == "$id":
        return "__ID__", lambda r: r.id
    spec = app.schema.specs.get(name)
    if spec is None:
        raise SimError(400, "GAIA_IQ11", name)
    kind = spec.type
    system: dict[str, Getter] = {
        "RECORD_NUMBER": lambda r: r.id,
        "CREATOR": lambda r: r.creator,
        "MODIFIER": lambda r: r.modifier,
        "CREATED_TIME": lambda r: r.created_at,
        "UPDATED_TIME": lambda r: r.updated_at,
    }
    if kind in system:
        return kind, system[kind]
    if kind == "NUMBER":
        return kind, lambda r: _decimal(r.values.get(name))
    return kind, lambda r: _empty_none(r.values.get(name))


def _empty_none(value: object) -> object:
    return None if value == "" else value


def _decimal(value: object) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None


def _predicate(app: SimApp, condition: Condition, env: Env) -> Predicate:
    if isinstance(condition, Junction):
        parts = [_predicate(app, c, env) for c in condition.parts]
        if condition.op == "and":
            return lambda r: all(p(r) for p in parts)
        return lambda r: any(p(r) for p in parts)
    return _compare(app, condition, env)


def _compare(app: SimApp, cond: Compare, env: Env) -> Predicate:
    kind, get = _getter(app, cond.field)
    allowed = _OPS_BY_TYPE.get(kind, _ORDERED_OPS) | _EMPTY_OPS
    if cond.op not in allowed:
        raise SimError(400, "GAIA_IQ03", cond.field, cond.op)
    values = [_literal(kind, v, env) for v in cond.values]
    op = cond.op
    if op in _EMPTY_OPS:
        want = op == "is empty"
        return lambda r: (get(r) in (None, [])) == want
    if op in ("in", "not in"):
        return _membership(get, values, op == "in")
    if op in ("like", "not like"):
        needle = str(values[0] or "").lower()
        want = op == "like"
        return lambda r: (needle in str(get(r) or "").lower()) == want
    return _ordering(get, op, values[0])


def _membership(get: Getter, values: list[object], want: bool) -> Predicate:
    def test(record: StoredRecord) -> bool:
        value = get(record)
        hit = any(v in values for v in value) if isinstance(value, list) else value in values
        return hit == want

    return test


def _ordering(get: Getter, op: str, target: object) -> Predicate:
    if op == "=":
        return lambda r: get(r) == target
    if op == "!=":
        return lambda r: get(r) != target
    compare: dict[str, Callable[[object, object], bool]] = {
        ">": lambda a, b: a > b,  # type: ignore[operator]
        "<": lambda a, b: a < b,  # type: ignore[operator]
        ">=": lambda a, b: a >= b,  # type: ignore[operator]
        "<=": lambda a, b: a <= b,  # type: ignore[operator]
    }
    check = compare[op]

    def test(record: StoredRecord) -> bool:
        value = get(record)
        return value is not None and target is not None and check(value, target)

    return test


def _literal(kind: str, literal: Literal, env: Env) -> object:
    text = _function(literal, kind, env) if literal.function else literal.text
    if text == "":
        return None
    try:
        if kind in _INTEGER_TYPES:
            return int(text)
        if kind == "NUMBER":
            return Decimal(text)
    except (ValueError, InvalidOperation):
        raise syntax_error() from None
    if kind in ("DATETIME", "CREATED_TIME", "UPDATED_TIME"):
        return datetime_utc(text) or text
    return text


def _function(literal: Literal, kind: str, env: Env) -> str:
    name = literal.text.split("(", 1)[0]
    local = env.now.astimezone(env.tz)
    if name == "LOGINUSER":
        return env.user
    if name == "TODAY":
        return local.date().isoformat()
    if name == "NOW" and kind == "DATE":
        return local.date().isoformat()
    if name == "NOW":
        return env.now.strftime("%Y-%m-%dT%H:%M:00Z")
    raise syntax_error()
