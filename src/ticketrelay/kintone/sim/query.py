"""kintone's query language (a subset): parsed into plain data, evaluated by `search`.

query     := [or_expr] ["order by" key ("," key)*] ["limit" N] ["offset" N]
or_expr   := and_expr ("or" and_expr)*
and_expr  := primary ("and" primary)*
primary   := "(" or_expr ")" | FIELD OP value | FIELD ["not"] "in" "(" value,... ")"
           | FIELD ["not"] "like" value | FIELD "is" ["not"] "empty"
value     := "string" | number | FUNCTION "(" [args] ")"
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from ticketrelay.kintone.sim.messages import SimError, invalid_param, msg

_TOKEN: Final = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*")|(!=|>=|<=|=|>|<)|([(),])|([^\s()=!<>,"]+))')
_COMPARE: Final = frozenset({"=", "!=", ">", "<", ">=", "<="})
_PUNCTUATION: Final = frozenset({"(", ")", ","}) | _COMPARE
_CLAUSES: Final = frozenset({"order", "limit", "offset"})
MAX_LIMIT: Final = 500
MAX_OFFSET: Final = 10_000


@dataclass(frozen=True)
class Literal:
    """A value in a condition: quoted text, a bare word (number), or a function call."""

    text: str
    function: bool = False


@dataclass(frozen=True)
class Compare:
    """`field OP value`, `field [not] in (...)`, `field [not] like v`, `field is [not] empty`."""

    field: str
    op: str
    values: tuple[Literal, ...]


@dataclass(frozen=True)
class Junction:
    """Several conditions joined by `and` or `or`."""

    op: str
    parts: tuple["Condition", ...]


Condition = Compare | Junction


@dataclass(frozen=True)
class Query:
    """A parsed query: condition, sort keys (field, descending), limit and offset."""

    condition: Condition | None
    order: tuple[tuple[str, bool], ...]
    limit: int | None
    offset: int | None


def syntax_error() -> SimError:
    """CB_VA01 with `errors.query` (§2.4)."""
    return invalid_param("query", msg("bad_query"))


def tokenize(text: str) -> list[str]:
    """The query split into tokens; raises on anything that is not a token."""
    tokens, pos, end = [], 0, len(text.rstrip())
    while pos < end:
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise syntax_error()
        tokens.append(match.group(match.lastindex or 0))
        pos = match.end()
    return tokens


def parse_query(text: str) -> Query:
    """Parse a query string (§2.4); syntax errors are CB_VA01, limits GAIA_QU01/QU02."""
    return _Parser(tokenize(text)).query()


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self, lower: bool = True) -> str:
        token = self.tokens[self.pos] if self.pos < len(self.tokens) else ""
        return token.lower() if lower else token

    def take(self) -> str:
        if self.pos >= len(self.tokens):
            raise syntax_error()
        self.pos += 1
        return self.tokens[self.pos - 1]

    def expect(self, word: str) -> None:
        if self.take().lower() != word:
            raise syntax_error()

    def query(self) -> Query:
        condition = None
        if self.peek() and self.peek() not in _CLAUSES:
            condition = self.or_expr()
        order = self.order() if self.peek() == "order" else ()
        limit = offset = None
        while self.peek() in ("limit", "offset"):
            clause = self.take().lower()
            number = self.number()
            if clause == "limit" and limit is None:
                limit = number
            elif clause == "offset" and offset is None:
                offset = number
            else:
                raise syntax_error()
        if self.pos != len(self.tokens):
            raise syntax_error()
        if limit is not None and limit > MAX_LIMIT:
            raise SimError(400, "GAIA_QU01")
        if offset is not None and offset > MAX_OFFSET:
            raise SimError(400, "GAIA_QU02")
        return Query(condition, order, limit, offset)

    def number(self) -> int:
        token = self.take()
        if not token.isdigit():
            raise syntax_error()
        return int(token)

    def order(self) -> tuple[tuple[str, bool], ...]:
        self.take()
        self.expect("by")
        keys = [self.order_key()]
        while self.peek() == ",":
            self.take()
            keys.append(self.order_key())
        return tuple(keys)

    def order_key(self) -> tuple[str, bool]:
        name = self.field()
        direction = self.peek()
        if direction in ("asc", "desc"):
            self.take()
        return name, direction == "desc"

    def field(self) -> str:
        word = self.take()
        if word in _PUNCTUATION or word.startswith('"'):
            raise syntax_error()
        return word

    def or_expr(self) -> Condition:
        return self.junction("or", self.and_expr)

    def and_expr(self) -> Condition:
        return self.junction("and", self.primary)

    def junction(self, word: str, parse: Callable[[], Condition]) -> Condition:
        parts = [parse()]
        while self.peek() == word:
            self.take()
            parts.append(parse())
        return parts[0] if len(parts) == 1 else Junction(word, tuple(parts))

    def primary(self) -> Condition:
        if self.peek() == "(":
            self.take()
            inner = self.or_expr()
            self.expect(")")
            return inner
        name = self.field()
        op = self.take().lower()
        if op == "not":
            op = "not " + self.take().lower()
        if op in _COMPARE or op in ("like", "not like"):
            return Compare(name, op, (self.value(),))
        if op in ("in", "not in"):
            return Compare(name, op, self.value_list())
        if op == "is":
            negate = self.peek() == "not"
            if negate:
                self.take()
            self.expect("empty")
            return Compare(name, "is not empty" if negate else "is empty", ())
        raise syntax_error()

    def value_list(self) -> tuple[Literal, ...]:
        self.expect("(")
        values = [self.value()]
        while self.peek() == ",":
            self.take()
            values.append(self.value())
        self.expect(")")
        return tuple(values)

    def value(self) -> Literal:
        token = self.take()
        if token.startswith('"'):
            return Literal(re.sub(r"\\(.)", r"\1", token[1:-1]))
        if token in _PUNCTUATION:
            raise syntax_error()
        if self.peek() != "(":
            return Literal(token)
        self.take()
        args = []
        while self.peek() != ")":
            args.append(self.take())
        self.take()
        return Literal(f"{token.upper()}({''.join(args)})", function=True)
