"""The unit of work: one transaction per service call, and who is acting in it."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from .. import driver_writes
from ..database import BEGIN_IMMEDIATE
from ..driver_reads import Lent, session_in_transaction
from ..errors import Conflict, Unavailable
from ..extensions import db

# The unit of work running now: None outside one, SESSION for the session's transaction, or
# the way to the driver connection whose transaction it is (driver_writes).
SESSION = "session"
_unit: ContextVar[Any] = ContextVar("unit", default=None)
_actor: ContextVar[str] = ContextVar("actor", default="anonymous")


@contextmanager
def atomic(orm: bool = True) -> Iterator[None]:
    """Run the block as one transaction; nested blocks join the outermost one.

    :param orm: False promises that the block writes only through ``execute`` and reads only
        through driver_reads. Outside a session transaction it then runs on the app context's
        driver connection (driver_writes), at a fraction of the session's cost; the ORM cannot
        be used in it.
    :raises Conflict: a unique constraint caught a race the service's own check missed.
    :raises Unavailable: the database refused the write for operational reasons.
    """
    outer = _unit.get()
    if outer is not None:
        if orm and outer is not SESSION:
            raise RuntimeError("An ORM unit of work cannot join one run on the driver connection.")
        yield
        return
    lent = None
    token = _unit.set(SESSION)
    try:
        if orm or session_in_transaction():
            _begin_write()
        else:
            lent = driver_writes.begin()
            _unit.set(lent)
        yield
        if lent is None:
            db.session.commit()
        else:
            driver_writes.commit(lent)
    except IntegrityError as exc:
        _rollback(lent)
        raise Conflict("That name is already taken (it was created meanwhile).") from exc
    except OperationalError as exc:
        _rollback(lent)
        raise Unavailable("The database is busy; try again.") from exc
    except BaseException:
        _rollback(lent)
        raise
    finally:
        _unit.reset(token)


def execute(statement: Executable, parameters: Any = None) -> Any:
    """Run a prebuilt Core statement in the current unit of work (no ORM, no autoflush); its
    result: rows (``all``, ``first``, ``scalar``), ``rowcount``, ``inserted_primary_key``."""
    unit = _unit.get()
    if unit is None or unit is SESSION:
        return db.session.connection().execute(statement, parameters)
    return driver_writes.execute(unit, statement, parameters)


def _rollback(lent: Lent | None) -> None:
    if lent is None:
        db.session.rollback()  # also where a driver unit failed to begin: nothing to undo
    else:
        driver_writes.rollback(lent)


@event.listens_for(Session, "after_begin")
def _refuse_orm_in_driver_unit(_session, _transaction, _connection) -> None:
    unit = _unit.get()
    if unit is not None and unit is not SESSION:
        # Its statements would run on another connection, outside the unit's transaction.
        raise RuntimeError("The ORM cannot be used in a unit of work run on the driver connection.")


def _begin_write() -> None:
    session = db.session()
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        # A read transaction (a page's ORM reads): turn it into the write one on the same
        # connection, cheaper than a commit and a second checkout from the pool. Objects read
        # in it reload inside the write transaction, as they would after a commit.
        session.expire_all()
        connection = session.connection()
        if connection.dialect.name == "sqlite":
            # End the read first so the write transaction starts with the write lock held. A
            # read's COMMIT cannot fail; BEGIN IMMEDIATE goes through SQLAlchemy, which turns
            # "database is locked" into its OperationalError.
            connection.connection.driver_connection.execute("COMMIT")
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    if session.in_transaction():
        session.commit()
    session.connection(execution_options=BEGIN_IMMEDIATE)


@contextmanager
def snapshot() -> Iterator[None]:
    """Run the block's reads in one read-only transaction that sees a single committed state."""
    if db.session().in_transaction():
        db.session.commit()
    # PostgreSQL's default READ COMMITTED takes a new snapshot per statement; SQLite in WAL mode
    # keeps one snapshot for the whole transaction already.
    if db.engine.dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    try:
        yield
    finally:
        db.session.rollback()


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Attribute every change made inside the block to ``actor`` in the history."""
    token = start_acting(actor)
    try:
        yield
    finally:
        stop_acting(token)


def start_acting(actor: str) -> Token:
    """Attribute every change from now on to ``actor``, until ``stop_acting`` of the token."""
    return _actor.set(actor)


def stop_acting(token: Token) -> None:
    """Attribute changes to whoever was acting before ``start_acting`` gave ``token``."""
    _actor.reset(token)


def current_actor() -> str:
    """Return who the history should name for a change made now."""
    return _actor.get()
