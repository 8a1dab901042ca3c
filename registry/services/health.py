"""Whether the registry can serve: the database answers a trivial query."""

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db


def database_answers() -> bool:
    """Run ``SELECT 1``; True when the database answered, False when it did not."""
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False
    finally:
        # End the read transaction either way: a failed one must not leak into the next use.
        db.session.rollback()
