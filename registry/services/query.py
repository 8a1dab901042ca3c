"""Keyset paging, shared by every list and search of every door.

A cursor holds the sort values of the last row served and a fingerprint of the query it
belongs to, so rows inserted or deleted meanwhile are neither skipped nor repeated, and a
cursor replayed against another filter or sort is refused instead of silently skipping.
"""

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Row, Select, and_, or_, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from ..errors import InvalidCursor
from ..extensions import db
from .rules import storable

T = TypeVar("T")
Order = list[tuple[InstrumentedAttribute, bool]]  # (column, descending); the last is unique


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results and the cursor of the next page (None on the last one)."""

    items: list[T]
    next_cursor: str | None


def keyset_page(
    statement: Select,
    order: Order,
    *,
    limit: int,
    cursor: str | None,
    bound_to: object,
    values_of: Callable[[Any], list[Any]] | None = None,
) -> Page:
    """Run ``statement`` sorted by ``order`` and return the page after ``cursor``.

    :param bound_to: everything that defines the query (filters, sort); the cursor is tied to it.
    :param values_of: a row's values for the ``order`` columns, when some are not its own.
    :raises InvalidCursor: the cursor is malformed or was made for another query.
    """
    fingerprint = _fingerprint(bound_to)
    statement = _ordered(statement, order, cursor, fingerprint)
    rows = list(db.session.scalars(statement.limit(limit + 1)))
    if len(rows) <= limit:
        return Page(rows, None)
    last = rows[limit - 1]
    values = values_of(last) if values_of else [getattr(last, col.key) for col, _ in order]
    return Page(rows[:limit], _encode(fingerprint, values))


def keyset_rows(
    statement: Select, order: Order, *, limit: int, cursor: str | None, bound_to: object
) -> Page[Row]:
    """Like keyset_page, for a ``statement`` that selects exactly the ``order`` columns.

    A page of bare sort keys (no ORM objects) is what a list needs to find its rows: each
    row is its own cursor, and the caller loads what it shows by the last key, the id.
    """
    fingerprint = _fingerprint(bound_to)
    statement = _ordered(statement, order, cursor, fingerprint)
    rows = db.session.execute(statement.limit(limit + 1)).all()
    if len(rows) <= limit:
        return Page(rows, None)
    return Page(rows[:limit], _encode(fingerprint, list(rows[limit - 1])))


def cursor_after(values: list[Any], bound_to: object) -> str:
    """The cursor of the page after the row whose sort values are ``values``, for a query
    defined by ``bound_to`` (what keyset_rows gives, for a caller that reads its own rows)."""
    return _encode(_fingerprint(bound_to), values)


def values_after(cursor: str, bound_to: object, order: Order) -> list[Any]:
    """The sort values ``cursor`` carries, checked against the ``order`` columns.

    :raises InvalidCursor: the cursor is malformed or was made for another query.
    """
    return _decode(cursor, _fingerprint(bound_to), order)


def _fingerprint(bound_to: object) -> str:
    return hashlib.sha256(json.dumps(bound_to, default=str).encode()).hexdigest()[:16]


def _ordered(statement: Select, order: Order, cursor: str | None, fingerprint: str) -> Select:
    if cursor:
        statement = statement.where(_after(order, _decode(cursor, fingerprint, order)))
    return statement.order_by(*(col.desc() if desc else col.asc() for col, desc in order))


def _after(order: Order, values: list[Any]):
    if len({desc for _, desc in order}) == 1:
        # One direction: a row-value comparison, which the sort index can serve directly.
        columns = tuple_(*(col for col, _ in order))
        return columns < tuple_(*values) if order[0][1] else columns > tuple_(*values)
    clauses = []
    for index, (col, desc) in enumerate(order):
        equal = [order[j][0] == values[j] for j in range(index)]
        clauses.append(and_(*equal, col < values[index] if desc else col > values[index]))
    return or_(*clauses)


def _encode(fingerprint: str, values: list[Any]) -> str:
    payload = [
        {"t": value.isoformat()} if isinstance(value, datetime) else value for value in values
    ]
    raw = json.dumps({"q": fingerprint, "k": payload}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, fingerprint: str, order: Order) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        values = [
            datetime.fromisoformat(value["t"]) if isinstance(value, dict) else value
            for value in data["k"]
        ]
        matches = data["q"] == fingerprint and len(values) == len(order)
        # The fingerprint is no secret, so a forged cursor must still not reach the database
        # with a value its column cannot hold (a 500 instead of a 400).
        if matches and not all(map(_fits, values, (column for column, _ in order))):
            raise TypeError("cursor values must fit their columns")
    except (binascii.Error, ValueError, TypeError, KeyError, AttributeError):
        raise InvalidCursor("The cursor is not valid.") from None
    if not matches:
        raise InvalidCursor("The cursor belongs to another query (filter or sort changed).")
    return values


def _fits(value: Any, column: InstrumentedAttribute) -> bool:
    expected = column.type.python_type
    if expected is int:
        return type(value) is int and -(2**63) <= value < 2**63
    if expected is str:
        return isinstance(value, str) and storable(value)
    return isinstance(value, expected)
