"""Units of work run straight on the app context's driver connection (services.unit).

A unit that runs only prebuilt Core statements (the hot writes: register, add a version,
describe, tag, alias, delete) needs none of the Session's and Connection's machinery, which
cost more than its SQL: beginning, running the statements and committing through them took
about 45 % of a creation's time in-process. Such a unit begins, runs and commits on the driver
connection the app context borrowed for its reads (driver_reads), with each statement
compiled once per dialect and per set of given columns; the reads it makes see its writes.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

from .driver_reads import Lent, Plan, borrowed, plan_in_unit, run


class Written:
    """What a statement run in such a unit gives back, read as SQLAlchemy's result is read."""

    __slots__ = ("_rows", "rowcount", "inserted_primary_key")

    def __init__(self, rows: list, rowcount: int, inserted_id: Any):
        self._rows = rows
        self.rowcount = rowcount
        self.inserted_primary_key = (inserted_id,)

    def all(self) -> list:
        """Every row the statement returned."""
        return self._rows

    def first(self):
        """The first row, or None."""
        return self._rows[0] if self._rows else None

    def scalar(self):
        """The first column of the first row, or None."""
        return self._rows[0][0] if self._rows else None


def begin() -> Lent:
    """Open a write transaction on the app context's driver connection; return the way to it.

    :raises sqlalchemy.exc.OperationalError: SQLite's write lock stayed taken past the busy
        timeout.
    """
    lent = borrowed()
    # SQLite takes the write lock at BEGIN (see database.BEGIN_IMMEDIATE). PostgreSQL's lent
    # connection is in autocommit: an explicit BEGIN opens the transaction.
    statement = "BEGIN IMMEDIATE" if lent.dialect.name == "sqlite" else "BEGIN"
    run(lent, statement, (), None, _nothing)
    lent.in_unit = True
    return lent


def execute(lent: Lent, statement: Executable, parameters: Any) -> Written:
    """Run a prebuilt Core ``statement`` in the unit's transaction: ``parameters`` is a
    mapping, or a list of mappings (one row each) for an INSERT of several rows."""
    many = isinstance(parameters, list)
    given = (parameters[0] if many else parameters) or {}
    plan = plan_in_unit(statement, lent.dialect, tuple(given) if statement.is_dml else ())
    if many:
        arguments = [plan.arguments(row) for row in parameters]
        return run(lent, plan.sql, arguments, parameters, _count, many=True)
    return run(lent, plan.sql, plan.arguments(given), parameters, _reading(plan, statement))


def commit(lent: Lent) -> None:
    """Make the unit's writes durable and end its transaction."""
    run(lent, "COMMIT", (), None, _nothing)
    lent.in_unit = False


def rollback(lent: Lent) -> None:
    """Undo the unit's writes and end its transaction."""
    if not lent.in_unit:
        return
    lent.in_unit = False
    if lent.pooled.dbapi_connection is None:
        return  # lost, and its transaction with it
    try:
        run(lent, "ROLLBACK", (), None, _nothing)
    except DBAPIError:
        # Lost, or in a state nobody can vouch for: the pool must not lend it again.
        lent.discard()


def _nothing(_cursor) -> None:
    return None


def _count(cursor) -> Written:
    return Written([], cursor.rowcount, None)


def _reading(plan: Plan, statement: Executable) -> Callable[[Any], Written]:
    inserting = statement.is_insert

    def written(cursor) -> Written:
        found = plan.rows(cursor) if cursor.description else []
        inserted = None
        if inserting:
            # PostgreSQL returns the new id (RETURNING); SQLite's driver keeps the last one.
            inserted = found[0][0] if found else cursor.lastrowid
        return Written(found, cursor.rowcount, inserted)

    return written
