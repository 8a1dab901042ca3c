"""Aliases: names such as "champion" that point at one version of a model."""

from sqlalchemy import and_, select
from sqlalchemy.orm import contains_eager

from ..errors import NotFound
from ..extensions import db
from ..models import Alias, ModelVersion, RegisteredModel, utcnow
from . import events, rules
from .lookup import can_match, get_model, get_version
from .unit import atomic


def set_alias(model_name: str, alias: str, version: str) -> Alias:
    """Point ``alias`` at ``version`` of the model, creating or moving it in one update.

    :raises ValidationFailed: the alias name is invalid or reserved.
    :raises NotFound: the model or the version does not exist.
    """
    rules.require("alias", rules.alias_problem(alias))
    rules.require("version", rules.version_problem(version))
    with atomic():
        target = get_version(model_name, version)
        model = target.model
        existing = _find(model.id, alias)
        before = {"alias": alias, "version": existing.version.version} if existing else None
        if existing is None:
            existing = Alias(model=model, alias=alias, version=target)
            db.session.add(existing)
        else:
            existing.version = target
        model.updated_at = utcnow()
        events.record(
            "alias.set", model, version, before=before, after={"alias": alias, "version": version}
        )
    return existing


def delete_alias(model_name: str, alias: str) -> None:
    """Remove ``alias`` from the model.

    :raises NotFound: the model or the alias does not exist.
    """
    with atomic():
        model = get_model(model_name)
        existing = _find(model.id, alias)
        if existing is None:
            raise NotFound(f"Model '{model.name}' has no alias '{alias}'.")
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
        raise NotFound(f"Model '{model.name}' has no alias '{alias}'.")
    return found


def _find(model_id: int, alias: str) -> Alias | None:
    if not can_match(alias):
        return None
    return db.session.scalar(select(Alias).where(Alias.model_id == model_id, Alias.alias == alias))
