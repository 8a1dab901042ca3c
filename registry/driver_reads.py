"""Reads outside a unit of work, run straight on a driver connection.

Going through SQLAlchemy's Session, Connection and Result costs several times more than a
keyed SELECT itself: about a third of an API read's server time. So a read outside a unit of
work runs its prebuilt Core statement (compiled by SQLAlchemy, once per dialect) on one DBAPI
connection the app context borrows from the engine's pool, and converts the columns with the
column types' own result processors.

Each such statement sees the latest committed state on its own, which is what PostgreSQL's
READ COMMITTED gives every statement of a transaction anyway; both databases run them in
autocommit, which saves a BEGIN and a ROLLBACK per request. Inside a unit of work a read must
see that transaction's state: in the session's (atomic, snapshot, or the ORM reads of a page)
it goes through the session; in one run on this same connection (driver_writes) it runs here.

When the app context ends, its connection rests (Resting) for the next app context rather than
going back to the pool.
"""

import weakref
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql import Executable

from .extensions import db

_LENT = "registry_driver_connection"
_RESTING = "registry.resting_driver_connections"
_plans: dict[tuple, tuple[Executable, "Plan | None"]] = {}
T = TypeVar("T")


def rows(statement: Executable, parameters: Mapping[str, Any]) -> Sequence:
    """Run a prebuilt read ``statement``; its rows, by position and by column name.

    ``statement`` is built once, at import: its compiled plan is kept for the process.
    """
    lent = borrowed()
    if lent.in_unit:
        # A unit of work runs its transaction on this very connection (driver_writes).
        plan = plan_in_unit(statement, lent.dialect)
    else:
        plan = plan_for(statement, lent.dialect)
        if plan is None or session_in_transaction():
            return db.session.execute(statement, parameters).all()
    return run(lent, plan.sql, plan.arguments(parameters), parameters, plan.rows)


def first(statement: Executable, parameters: Mapping[str, Any]):
    """Run a prebuilt read ``statement``; its first row, or None."""
    found = rows(statement, parameters)
    return found[0] if found else None


def init_app(app: Flask, engine: Engine) -> None:
    """Keep the driver connections of ended app contexts for the next ones: each app context's
    connection rests at its teardown."""
    resting = app.extensions[_RESTING] = Resting(engine)
    app.teardown_appcontext(release)
    # An app that goes away without disposing its engine (a test's, a CLI command's) gives
    # them back too: the pool would warn of connections the garbage collector found lent.
    weakref.finalize(app, resting.close)


def release(_error: BaseException | None = None) -> None:
    """Let the app context's driver connection rest for the next one (at its teardown)."""
    lent = g._get_current_object().pop(_LENT, None)  # every request: one cheap lookup
    if lent is not None:
        current_app._get_current_object().extensions[_RESTING].put(lent)


def session_in_transaction() -> bool:
    """Say whether the app context's session has a transaction open (without making one)."""
    return db.session.registry.has() and db.session().in_transaction()


def borrowed() -> "Lent":
    """The app context's way to its driver connection (made at the first use)."""
    # The app context's globals looked up once: every lookup through the proxy costs more
    # than the rest of this function.
    context = g._get_current_object()
    lent = context.get(_LENT)
    if lent is None:
        lent = current_app._get_current_object().extensions[_RESTING].take()
        setattr(context, _LENT, lent)
    return lent


def run(
    lent: "Lent",
    sql: str,
    arguments: Any,
    parameters: Any,
    handle: Callable[[Any], T],
    many: bool = False,
) -> T:
    """Execute ``sql`` with the driver's ``arguments`` on the lent connection; return
    ``handle(cursor)``. A driver error is raised as the SQLAlchemy error the session path would
    raise (``parameters``, the caller's, go into its message), so the doors answer it the same.
    """
    dialect, cursor = lent.dialect, None
    try:
        cursor = lent.cursor()
        if many:
            cursor.executemany(sql, arguments)
        else:
            cursor.execute(sql, arguments)
        return handle(cursor)
    except dialect.loaded_dbapi.Error as error:
        lost = lent.pooled is not None and dialect.is_disconnect(error, lent.pooled, cursor)
        if lost:
            lent.discard()
        raise DBAPIError.instance(
            sql,
            parameters,
            error,
            dialect.loaded_dbapi.Error,
            connection_invalidated=lost,
            dialect=dialect,
        ) from error
    finally:
        if cursor is not None:
            cursor.close()


class Resting:
    """The driver connections of app contexts that ended, kept borrowed from the pool for the
    next app contexts, which take them as they are.

    A checkout from SQLAlchemy's pool and the checkin after it cost about 6 % of a keyed API
    read's instructions, and walked code no other part of a read runs (bench/README.md). Only a
    live connection outside any transaction rests, and at most one fewer than the pool keeps, so
    that the session always finds one to borrow: a pool of one lends its connection in turn, as
    before. A pool that is not a QueuePool (an in-memory database's single connection) keeps
    its own ways. Disposing of the engine closes every resting connection.
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        self.lents: list[Lent] = []
        pool = engine.pool
        self.room = pool.size() - 1 if isinstance(pool, QueuePool) else 0
        event.listen(engine, "engine_disposed", self.close)

    def take(self) -> "Lent":
        """The connection that rested last (the warmest), or a new Lent that borrows at its
        first read."""
        try:
            return self.lents.pop()
        except IndexError:  # none rests, or another thread took the last one meanwhile
            return Lent(self.engine)

    def put(self, lent: "Lent") -> None:
        """Let ``lent``'s connection rest for the next app context, or give it back."""
        if lent.pool is self.engine.pool and len(self.lents) < self.room and lent.idle():
            self.lents.append(lent)
        else:
            lent.give_back()

    def close(self, _engine: Engine | None = None) -> None:
        """Close every resting connection: the engine's pool was replaced, or the app is gone."""
        while self.lents:
            self.take().close()


class Lent:
    """An app context's way to the database: the engine, and the pooled connection it borrows
    at its first read (kept with its driver connection: each lookup costs on every read)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect
        self.pool = self.pooled = self.driver = None
        self.lent_threshold = None
        # True while a unit of work runs its transaction on this connection (driver_writes).
        self.in_unit = False

    def cursor(self):
        """A cursor on the borrowed connection (borrowed now if not yet)."""
        if self.driver is None:
            self._borrow()
        return self.driver.cursor()

    def _borrow(self) -> None:
        pooled = self.engine.raw_connection()
        driver = pooled.driver_connection
        if self.dialect.name == "postgresql":
            # Each statement on its own, and each prepared: only the fixed keyed reads run on
            # this connection, whose best plan is the same for every value (the session's
            # statements are never prepared: config.plan_for_every_value).
            self.lent_threshold = driver.prepare_threshold
            driver.autocommit, driver.prepare_threshold = True, 0
        # SQLite connections are in driver autocommit already (database.py).
        self.pool, self.pooled, self.driver = self.engine.pool, pooled, driver

    def idle(self) -> bool:
        """Whether the borrowed connection is alive and outside any transaction: fit to be lent
        again as it is."""
        if self.pooled is None or self.pooled.dbapi_connection is None or self.in_unit:
            return False
        if self.dialect.name == "sqlite":
            return not self.driver.in_transaction
        from psycopg.pq import TransactionStatus  # imported already wherever PostgreSQL runs

        return self.driver.info.transaction_status == TransactionStatus.IDLE

    def discard(self) -> None:
        """Stop using the borrowed connection and have the pool close it, not lend it again."""
        g.pop(_LENT, None)
        self.close()

    def close(self) -> None:
        """Close the borrowed connection for good: its pool opens another in its place."""
        if self.pooled is not None and self.pooled.dbapi_connection is not None:
            self.pooled.invalidate()  # not invalidated already

    def give_back(self) -> None:
        """Return the connection to the pool as it was lent, if one was borrowed."""
        pooled = self.pooled
        if pooled is None:
            return
        try:
            if pooled.dbapi_connection is not None and self.dialect.name == "postgresql":
                # As the pool lent it, for the session.
                self.driver.autocommit = False
                self.driver.prepare_threshold = self.lent_threshold
        except self.dialect.loaded_dbapi.Error:
            pooled.invalidate()
        pooled.close()


@dataclass
class Plan:
    """A statement compiled for one dialect: its text, how to bind, how to read its rows."""

    sql: str
    # (bind name, the caller's key or None for a constant, the constant, bind processor)
    binds: list[tuple[str, str | None, Any, Callable | None]]
    positional: bool
    types: list
    dialect: Dialect
    row: type
    # (column index, result processor) of the columns the driver's values need converting
    converters: list[tuple[int, Callable]] | None = None
    # Makes a row from a sequence of its values: the tuple's own constructor, without the named
    # tuple's Python-level _make around it (the statement decides the number of columns).
    make: Callable = field(init=False)

    def __post_init__(self):
        self.make = partial(tuple.__new__, self.row)

    def arguments(self, parameters: Mapping[str, Any]):
        """The driver's parameters: the caller's values and the statement's constants."""
        values = []
        for _name, key, constant, process in self.binds:
            value = parameters[key] if key is not None else constant
            values.append(process(value) if process is not None else value)
        if self.positional:
            return tuple(values)
        return {name: value for (name, *_), value in zip(self.binds, values, strict=True)}

    def rows(self, cursor) -> list:
        """The executed cursor's rows, each column converted by its type."""
        fetched = cursor.fetchall()
        if self.converters is None:
            # The driver's type codes decide some processors (PostgreSQL's numerics).
            processors = [
                kind.dialect_impl(self.dialect).result_processor(self.dialect, column[1])
                for kind, column in zip(self.types, cursor.description, strict=True)
            ]
            self.converters = [(index, found) for index, found in enumerate(processors) if found]
        make = self.make
        if not self.converters:
            return list(map(make, fetched))
        converted = []
        for found in fetched:
            values = list(found)
            for index, process in self.converters:
                values[index] = process(values[index])
            converted.append(make(values))
        return converted


def plan_for(
    statement: Executable, dialect: Dialect, columns: tuple[str, ...] = ()
) -> "Plan | None":
    """The plan of a prebuilt ``statement`` on ``dialect`` (compiled at the first use); None
    for one SQLAlchemy must render on each run (an expanding IN list).

    :param columns: an INSERT's or UPDATE's given columns, which decide the text it renders.
    :raises TypeError: the statement leaves a column with a Python default unset; SQLAlchemy
        fills those in as it runs a statement, a plan does not.
    """
    key = (id(statement), dialect.name, columns)
    if key not in _plans:
        # The statement is kept with its plan: its id must not be reused by another one.
        _plans[key] = (statement, _compile(statement, dialect, columns))
    return _plans[key][1]


def plan_in_unit(statement: Executable, dialect: Dialect, columns: tuple[str, ...] = ()) -> "Plan":
    """The plan of ``statement`` for a unit of work run on the driver connection, which has no
    session to fall back on.

    :raises TypeError: SQLAlchemy must render the statement on each run (see ``plan_for``).
    """
    plan = plan_for(statement, dialect, columns)
    if plan is None:
        raise TypeError("A statement SQLAlchemy must render on each run cannot run here.")
    return plan


def _compile(statement, dialect: Dialect, columns: tuple[str, ...]) -> "Plan | None":
    compiled = statement.compile(dialect=dialect, column_keys=list(columns) or None)
    if compiled.insert_prefetch or compiled.update_prefetch:
        unset = [column.name for column in compiled.insert_prefetch + compiled.update_prefetch]
        raise TypeError(f"Give every column with a default: {', '.join(unset)} unset.")
    names = compiled.positiontup if compiled.positional else list(compiled.binds)
    binds = []
    for name in names:
        bind = compiled.binds[name]
        if bind.expanding:
            return None  # SQLite writes the list into the text: SQLAlchemy must render it
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        key = bind.key if bind.required else None
        binds.append((name, key, None if bind.required else bind.effective_value, process))
    # A SELECT's columns; an INSERT's are what it returns: on PostgreSQL, the new row's id.
    returned = compiled.effective_returning
    names = [column.key for column in returned] if returned else statement.exported_columns.keys()
    return Plan(
        sql=compiled.string,
        binds=binds,
        positional=compiled.positional,
        types=[column.type for column in returned or statement.exported_columns],
        dialect=dialect,
        row=namedtuple("Row", names, rename=True),
    )
