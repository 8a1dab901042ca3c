"""Finding the objects that services act on, and the stale-copy check."""

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..errors import NotFound, PreconditionFailed
from ..extensions import db
from ..models import ModelVersion, RegisteredModel
from . import rules


def get_model(name: str, for_update: bool = False) -> RegisteredModel:
    """Return the model called ``name`` (in any case or Unicode form).

    :param for_update: lock the row until the transaction ends (PostgreSQL; SQLite's write
        transactions hold the whole database already).
    :raises NotFound: there is no such model.
    """
    if not can_match(name):
        raise no_such_model(name)
    statement = select(RegisteredModel).where(RegisteredModel.name_key == rules.name_key(str(name)))
    model = db.session.scalar(statement.with_for_update() if for_update else statement)
    if model is None:
        raise no_such_model(name)
    return model


def get_version(model_name: str, version: str) -> ModelVersion:
    """Return version ``version`` of the model called ``model_name``, with its model loaded.

    :raises NotFound: the model or the version does not exist.
    """
    # One query for both rows: the version keeps its model, so reading version.model later
    # costs nothing.
    found = None
    if can_match(model_name, version):
        found = db.session.scalar(
            select(ModelVersion)
            .join(ModelVersion.model)
            .where(
                RegisteredModel.name_key == rules.name_key(str(model_name)),
                ModelVersion.version == str(version),
            )
            .options(contains_eager(ModelVersion.model))
        )
    if found is None:
        model = get_model(model_name)  # which of the two is missing decides the message
        raise no_such_version(model, version)
    return found


def no_such_model(name: str) -> NotFound:
    """Return the error for a model name nobody has, worded once for every door."""
    return NotFound(f"Model '{name}' not found.")


def no_such_version(model, version: str) -> NotFound:
    """Return the error for a version ``model`` (any object with a name) does not have."""
    return NotFound(f"Model '{model.name}' has no version '{version}'.")


def no_such_alias(model, alias: str) -> NotFound:
    """Return the error for an alias ``model`` (any object with a name) does not have."""
    return NotFound(f"Model '{model.name}' has no alias '{alias}'.")


def check_row_version(current: int, expected: int | None) -> None:
    """Refuse a change made against a stale copy of the object.

    :raises PreconditionFailed: ``expected`` is given and differs from ``current``.
    """
    if expected is not None and expected != current:
        raise PreconditionFailed("The object was changed meanwhile; reload it and try again.")


def can_match(*texts: object) -> bool:
    """Say whether a lookup by these texts can find anything.

    The rules let no name, label or alias hold NUL or a lone surrogate, and the databases
    cannot even compare one (a 500): such a lookup finds nothing without asking them.
    """
    return all(rules.storable(text) for text in texts)
