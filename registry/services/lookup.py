"""Finding the objects that services act on, and the stale-copy check."""

from sqlalchemy import select

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
    if _holds_nul(name):
        raise NotFound(f"Model '{name}' not found.")
    statement = select(RegisteredModel).where(RegisteredModel.name_key == rules.name_key(str(name)))
    model = db.session.scalar(statement.with_for_update() if for_update else statement)
    if model is None:
        raise NotFound(f"Model '{name}' not found.")
    return model


def get_version(model_name: str, version: str) -> ModelVersion:
    """Return version ``version`` of the model called ``model_name``.

    :raises NotFound: the model or the version does not exist.
    """
    model = get_model(model_name)
    if _holds_nul(version):
        raise NotFound(f"Model '{model.name}' has no version '{version}'.")
    found = db.session.scalar(
        select(ModelVersion).where(
            ModelVersion.model_id == model.id, ModelVersion.version == str(version)
        )
    )
    if found is None:
        raise NotFound(f"Model '{model.name}' has no version '{version}'.")
    return found


def check_row_version(current: int, expected: int | None) -> None:
    """Refuse a change made against a stale copy of the object.

    :raises PreconditionFailed: ``expected`` is given and differs from ``current``.
    """
    if expected is not None and expected != current:
        raise PreconditionFailed("The object was changed meanwhile; reload it and try again.")


def _holds_nul(text: object) -> bool:
    # The rules let no name or label hold NUL, and PostgreSQL cannot even compare one: such
    # a lookup finds nothing without asking the database.
    return "\x00" in str(text)
