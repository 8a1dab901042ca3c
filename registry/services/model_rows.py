"""The model row a write acts on: found, inserted, changed and deleted with prebuilt Core SQL.

The hot writes (register, add a version, describe, tag, alias, delete) run here rather than
through the ORM's unit of work: building a select() and flushing ORM objects cost several times
the SQL itself on an indexed key. What they hand back to callers is still an ORM object (see
``attach``), so pages and commands can follow its relationships as before.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, inspect, select, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from ..errors import Conflict, PreconditionFailed
from ..extensions import db
from ..models import RegisteredModel, utcnow
from . import rules
from .lookup import can_match, no_such_model
from .unit import execute

MODELS = RegisteredModel.__table__
ROW_COLUMNS = (
    MODELS.c.id,
    MODELS.c.name,
    MODELS.c.name_key,
    MODELS.c.description,
    MODELS.c.next_version,
    MODELS.c.created_at,
    MODELS.c.updated_at,
    MODELS.c.row_version,
)
MODEL_BY_KEY = select(*ROW_COLUMNS).where(MODELS.c.name_key == bindparam("key"))
# PostgreSQL locks the row until the transaction ends; SQLite renders no FOR UPDATE (its write
# transaction holds the whole database already).
MODEL_BY_KEY_LOCKED = MODEL_BY_KEY.with_for_update()
NAME_BY_KEY = select(MODELS.c.name).where(MODELS.c.name_key == bindparam("key"))
INSERT_MODEL = insert(MODELS)
# Every change of a model bumps its row version (its ETag), as the ORM's version counter did;
# matching the version read keeps a concurrent change from being overwritten unseen.
UPDATE_MODEL = (
    update(MODELS)
    .where(MODELS.c.id == bindparam("model_id"), MODELS.c.row_version == bindparam("seen"))
    .values(row_version=MODELS.c.row_version + 1)
)
DELETE_MODEL = delete(MODELS).where(
    MODELS.c.id == bindparam("model_id"), MODELS.c.row_version == bindparam("seen")
)
CHANGED_MEANWHILE = "The object was changed meanwhile; reload it and try again."


@dataclass(frozen=True, slots=True)
class ModelRow:
    """A model's own columns as the current transaction sees them."""

    id: int
    name: str
    name_key: str
    description: str
    next_version: int
    created_at: datetime
    updated_at: datetime
    row_version: int

    def columns(self) -> dict[str, Any]:
        """Return the row as column name -> value."""
        return {name: getattr(self, name) for name in self.__slots__}


def find_model(name: str, for_update: bool = False) -> ModelRow:
    """Return the row of the model called ``name`` (in any case or Unicode form).

    :param for_update: lock the row until the transaction ends (PostgreSQL).
    :raises NotFound: there is no such model.
    """
    found = None
    if can_match(name):
        statement = MODEL_BY_KEY_LOCKED if for_update else MODEL_BY_KEY
        found = execute(statement, {"key": rules.name_key(str(name))}).first()
    if found is None:
        raise no_such_model(name)
    return ModelRow(*found)


def ensure_name_free(name: str) -> None:
    """Refuse a name some model has already (in any case or Unicode form).

    :raises Conflict: naming the model that has it.
    """
    taken = execute(NAME_BY_KEY, {"key": rules.name_key(name)}).scalar()
    if taken is not None:
        raise Conflict(f"A model named '{taken}' already exists.")


def insert_model(name: str, description: str) -> ModelRow:
    """Insert a new model row and return it."""
    now = utcnow()
    columns = {
        "name": name,
        "name_key": rules.name_key(name),
        "description": description,
        "next_version": 1,
        "created_at": now,
        "updated_at": now,
        "row_version": 1,
    }
    model_id = execute(INSERT_MODEL, columns).inserted_primary_key[0]
    return ModelRow(id=model_id, **columns)


def change_model(model: ModelRow, **columns: Any) -> ModelRow:
    """Set ``columns`` of the model (its ``updated_at`` to now unless given); bump its version.

    :raises PreconditionFailed: the row changed since ``model`` was read.
    """
    columns.setdefault("updated_at", utcnow())
    result = execute(UPDATE_MODEL, {"model_id": model.id, "seen": model.row_version, **columns})
    if result.rowcount != 1:
        raise PreconditionFailed(CHANGED_MEANWHILE)
    return replace(model, row_version=model.row_version + 1, **columns)


def delete_model_row(model: ModelRow) -> None:
    """Delete the model's row; the database removes its versions, tags and aliases with it.

    :raises PreconditionFailed: the row changed since ``model`` was read.
    """
    result = execute(DELETE_MODEL, {"model_id": model.id, "seen": model.row_version})
    if result.rowcount != 1:
        raise PreconditionFailed(CHANGED_MEANWHILE)
    forget(RegisteredModel, model.columns())


def attach_model(model: ModelRow) -> RegisteredModel:
    """Return the ORM object of a model row just written (see ``attach``)."""
    return attach(RegisteredModel, model.columns())


def attach_under(entity: type, columns: Mapping[str, Any], model: ModelRow) -> Any:
    """Return ``attach(entity, columns)`` with its ``model`` set to the model row's object."""
    found = attach(entity, columns)
    # Set, not looked up: the session holds unchanged objects weakly, so the model's object
    # would be gone by the time ``found.model`` is first read.
    set_committed_value(found, "model", attach_model(model))
    return found


def attach(entity: type, columns: Mapping[str, Any]) -> Any:
    """Return the ORM object of a row just written, known to the session without a query.

    Its columns hold ``columns``; its relationships load when first read, as any object's do.
    A copy the session holds already is the one returned, brought up to date the same way.
    """
    session = db.session()
    existing = session.identity_map.get(session.identity_key(entity, columns["id"]))
    if existing is None:
        found = entity(**columns)
        make_transient_to_detached(found)
        session.add(found)
        return found
    _load(existing, columns)
    session.expire(existing, [relation.key for relation in inspect(entity).relationships])
    return existing


def forget(entity: type, columns: Mapping[str, Any]) -> None:
    """Drop the session's copy of a row deleted with Core, as the ORM drops a deleted object.

    The copy keeps ``columns``, the row's last values, to be read after the deletion.
    """
    session = db.session()
    existing = session.identity_map.get(session.identity_key(entity, columns["id"]))
    if existing is not None:
        _load(existing, columns)
        session.expunge(existing)


def _load(found: Any, columns: Mapping[str, Any]) -> None:
    for key, value in columns.items():
        set_committed_value(found, key, value)
