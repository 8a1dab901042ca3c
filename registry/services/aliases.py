"""Aliases: names such as "champion" that point at one version of a model."""

from typing import Any

from sqlalchemy import and_, bindparam, insert, select, update
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..models import Alias, ModelVersion, RegisteredModel, utcnow
from . import events, rules
from .lookup import can_match, get_model, no_such_alias, no_such_version
from .model_rows import (
    MODELS,
    ROW_COLUMNS,
    ModelRow,
    attach_under,
    change_model,
    find_model,
)
from .unit import atomic, execute
from .views import VersionView, version_view

ALIASES = Alias.__table__
VERSIONS = ModelVersion.__table__
# The model and the id of its version of that label (NULL when it has none) in one query.
TARGET = (
    select(*ROW_COLUMNS, VERSIONS.c.id.label("target_id"))
    .select_from(
        MODELS.outerjoin(
            VERSIONS,
            and_(VERSIONS.c.model_id == MODELS.c.id, VERSIONS.c.version == bindparam("version")),
        )
    )
    .where(MODELS.c.name_key == bindparam("key"))
)
ALIAS_BY_NAME = (
    select(ALIASES.c.id, ALIASES.c.version_id, VERSIONS.c.version)
    .join(VERSIONS, VERSIONS.c.id == ALIASES.c.version_id)
    .where(ALIASES.c.model_id == bindparam("model_id"), ALIASES.c.alias == bindparam("alias"))
)
INSERT_ALIAS = insert(ALIASES)
MOVE_ALIAS = (
    update(ALIASES)
    .where(ALIASES.c.id == bindparam("alias_id"))
    .values(version_id=bindparam("version_id"))
)


def set_alias(model_name: str, alias: str, version: str) -> Alias:
    """Point ``alias`` at ``version`` of the model, creating or moving it in one update.

    :raises ValidationFailed: the alias name is invalid or reserved.
    :raises NotFound: the model or the version does not exist.
    """
    with atomic(orm=False):
        model, columns = _point(model_name, alias, version)
    return attach_under(Alias, columns, model)


def set_alias_view(model_name: str, alias: str, version: str) -> VersionView:
    """Point ``alias`` as ``set_alias`` does; return the version it names, read in the same
    transaction (a reply needs no transaction of its own)."""
    with atomic(orm=False):
        model, _ = _point(model_name, alias, version)
        return version_view(model.name, str(version))


def _point(model_name: str, alias: str, version: str) -> tuple[ModelRow, dict[str, Any]]:
    rules.require("alias", rules.alias_problem(alias))
    rules.require("version", rules.version_problem(version))
    found = None
    if can_match(model_name, version):
        key = rules.name_key(str(model_name))
        found = execute(TARGET, {"key": key, "version": str(version)}).first()
    if found is None or found.target_id is None:
        model = find_model(model_name)  # which of the two is missing decides the message
        raise no_such_version(model, version)
    model = ModelRow(*found[:-1])
    existing = execute(ALIAS_BY_NAME, {"model_id": model.id, "alias": alias}).first()
    before = None
    if existing is None:
        columns = {"model_id": model.id, "alias": alias, "version_id": found.target_id}
        columns["id"] = execute(INSERT_ALIAS, columns).inserted_primary_key[0]
    else:
        before = {"alias": alias, "version": existing.version}
        columns = {"id": existing.id, "model_id": model.id, "alias": alias}
        columns["version_id"] = found.target_id
        if existing.version_id != found.target_id:
            execute(MOVE_ALIAS, {"alias_id": existing.id, "version_id": found.target_id})
    model = change_model(model)
    after = {"alias": alias, "version": version}
    events.record("alias.set", model, version, before=before, after=after)
    return model, columns


def delete_alias(model_name: str, alias: str) -> None:
    """Remove ``alias`` from the model.

    :raises NotFound: the model or the alias does not exist.
    """
    with atomic():
        model = get_model(model_name)
        existing = _find(model.id, alias)
        if existing is None:
            raise no_such_alias(model, alias)
        version = existing.version.version
        db.session.delete(existing)
        model.updated_at = utcnow()
        events.record("alias.deleted", model, version, before={"alias": alias, "version": version})


def get_version_by_alias(model_name: str, alias: str) -> ModelVersion:
    """Return the version ``alias`` points at, with its model loaded.

    :raises NotFound: the model or the alias does not exist.
    """
    found = None
    if can_match(model_name, alias):
        found = db.session.scalar(
            select(ModelVersion)
            .join(ModelVersion.model)
            # Both columns: matched on version alone, "alias = X" would scan every model's X.
            .join(
                Alias,
                and_(Alias.model_id == RegisteredModel.id, Alias.version_id == ModelVersion.id),
            )
            .where(
                RegisteredModel.name_key == rules.name_key(str(model_name)), Alias.alias == alias
            )
            .options(contains_eager(ModelVersion.model))
        )
    if found is None:
        model = get_model(model_name)  # which of the two is missing decides the message
        raise no_such_alias(model, alias)
    return found


def _find(model_id: int, alias: str) -> Alias | None:
    if not can_match(alias):
        return None
    return db.session.scalar(select(Alias).where(Alias.model_id == model_id, Alias.alias == alias))
