"""The unit of work: one transaction per service call, and who is acting in it."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

from sqlalchemy.exc import IntegrityError, OperationalError

from ..database import BEGIN_IMMEDIATE
from ..errors import Conflict, Unavailable
from ..extensions import db

_depth: ContextVar[int] = ContextVar("unit_depth", default=0)
_actor: ContextVar[str] = ContextVar("actor", default="anonymous")


@contextmanager
def atomic() -> Iterator[None]:
    """Run the block as one transaction; nested blocks join the outermost one.

    :raises Conflict: a unique constraint caught a race the service's own check missed.
    :raises Unavailable: the database refused the write for operational reasons.
    """
    depth = _depth.get()
    token = _depth.set(depth + 1)
    try:
        if depth == 0:
            _begin_write()
        yield
        if depth == 0:
            db.session.commit()
    except IntegrityError as exc:
        if depth == 0:
            db.session.rollback()
        raise Conflict("That name is already taken (it was created meanwhile).") from exc
    except OperationalError as exc:
        if depth == 0:
            db.session.rollback()
        raise Unavailable("The database is busy; try again.") from exc
    except BaseException:
        if depth == 0:
            db.session.rollback()
        raise
    finally:
        _depth.reset(token)


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
