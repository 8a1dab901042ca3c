"""Model versions: add, read, list, update, move between stages and delete."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..errors import NotFound
from ..extensions import db
from ..models import Alias, Metric, ModelVersion, RegisteredModel, VersionTag, utcnow
from . import events, rules
from .keyed_rows import sync_keyed_rows
from .lookup import can_match, check_row_version, get_version
from .model_rows import attach_under, find_model
from .new_versions import add_version
from .query import Page, keyset_page
from .unit import atomic
from .version_rules import UPDATABLE_FIELDS, check_version_fields
from .views import VERSION_ORDER, VersionView, versions_cursor_scope

HIGHEST_FIRST = [column.desc() if descending else column for column, descending in VERSION_ORDER]


def create_version(model_name: str, **fields: Any) -> ModelVersion:
    """Add a version to the model called ``model_name``.

    :raises NotFound: there is no such model.
    :raises ValidationFailed: a field breaks a rule.
    :raises Conflict: the model has that version already.
    """
    with atomic(orm=False):
        model, added = add_version(find_model(model_name, for_update=True), **fields)
    return attach_under(ModelVersion, added.columns, model)


def create_version_view(model_name: str, **fields: Any) -> VersionView:
    """Add a version as ``create_version`` does; return it as a reply shows it (no query)."""
    with atomic(orm=False):
        model, added = add_version(find_model(model_name, for_update=True), **fields)
    return added.view(model.name)


def update_version(
    model_name: str,
    version: str,
    changes: Mapping[str, Any],
    expected_row_version: int | None = None,
) -> ModelVersion:
    """Change a version's fields; ``metrics`` and ``tags`` replace the whole set.

    :raises NotFound: the model or version does not exist.
    :raises ValidationFailed: a field breaks a rule or cannot be changed.
    :raises PreconditionFailed: ``expected_row_version`` is stale.
    """
    checker = rules.Checker()
    for field in sorted(set(changes) - set(UPDATABLE_FIELDS)):
        checker.add(field, "This field cannot be changed.")
    check_version_fields(checker, {k: v for k, v in changes.items() if k in UPDATABLE_FIELDS})
    checker.raise_if_failed()
    with atomic():
        found = get_version(model_name, version)
        check_row_version(found.row_version, expected_row_version)
        before = events.version_snapshot(found)
        for field in ("framework", "source", "run_id", "run_link", "description"):
            if field in changes:
                setattr(found, field, changes[field])
        if "stage" in changes:
            found.stage = rules.canonical_stage(changes["stage"])
        if "metrics" in changes:
            _replace_metrics(found, changes["metrics"])
        if "tags" in changes:
            _replace_tags(found, changes["tags"])
        touch(found)
        events.record(
            "version.updated",
            found.model,
            found.version,
            before=before,
            after=events.version_snapshot(found),
        )
    return found


def transition_stage(
    model_name: str, version: str, stage: str, archive_existing_versions: bool = False
) -> ModelVersion:
    """Move a version to ``stage``; optionally archive the others in that stage.

    :raises ValidationFailed: the stage is not one of None, Staging, Production, Archived.
    """
    stage = rules.canonical_stage(stage)
    rules.require("stage", rules.stage_problem(stage))
    with atomic():
        found = update_version(model_name, version, {"stage": stage})
        if archive_existing_versions and stage in ("Staging", "Production"):
            for other in found.model.versions:
                if other.id != found.id and other.stage == stage:
                    update_version(model_name, other.version, {"stage": "Archived"})
    return found


def delete_version(model_name: str, version: str, expected_row_version: int | None = None) -> None:
    """Delete one version; aliases pointing at it go with it.

    :raises NotFound: the model or version does not exist.
    :raises PreconditionFailed: ``expected_row_version`` is stale.
    """
    with atomic():
        found = get_version(model_name, version)
        check_row_version(found.row_version, expected_row_version)
        _delete(found)


def delete_version_by_uuid(version_uuid: str) -> None:
    """Delete the version with this public id, and its model when it was the last version.

    :raises NotFound: no version has that id.
    """
    with atomic():
        found = get_version_by_uuid(version_uuid)
        model = found.model
        _delete(found)
        if not db.session.scalar(select(ModelVersion.id).where(ModelVersion.model_id == model.id)):
            events.record("model.deleted", model, before=events.model_snapshot(model))
            db.session.delete(model)


def get_version_by_uuid(version_uuid: str) -> ModelVersion:
    """Return the version with this public id.

    :raises NotFound: no version has that id.
    """
    found = None
    if can_match(version_uuid):
        statement = select(ModelVersion).where(ModelVersion.uuid == str(version_uuid))
        found = db.session.scalar(statement)
    if found is None:
        raise NotFound(f"No version has the id '{version_uuid}'.")
    return found


def versions_page(
    model: RegisteredModel, limit: int, cursor: str | None = None
) -> Page[ModelVersion]:
    """Return one page of ``model``'s versions, highest first, with their metrics, tags and
    aliases: a model may have tens of thousands.

    :raises InvalidCursor: the cursor is malformed or was made for another model's versions.
    """
    return keyset_page(
        _with_details(model),
        VERSION_ORDER,
        limit=limit,
        cursor=cursor,
        bound_to=versions_cursor_scope(model.id),
    )


def aliased_versions(model: RegisteredModel) -> list[ModelVersion]:
    """Return the versions ``model``'s aliases point at, highest first, in one statement."""
    statement = (
        select(ModelVersion)
        .join(Alias, Alias.version_id == ModelVersion.id)
        .where(Alias.model_id == model.id)
        .distinct()
        .order_by(*HIGHEST_FIRST)
    )
    return list(db.session.scalars(statement))


def count_versions(model: RegisteredModel) -> int:
    """How many versions ``model`` has (along an index, not by loading them)."""
    statement = select(func.count()).where(ModelVersion.model_id == model.id)
    return db.session.scalar(statement)


def _with_details(model: RegisteredModel):
    return (
        select(ModelVersion)
        .where(ModelVersion.model_id == model.id)
        .options(
            selectinload(ModelVersion.metrics),
            selectinload(ModelVersion.tags),
            selectinload(ModelVersion.aliases),
        )
    )


def _delete(found: ModelVersion) -> None:
    model = found.model
    events.record("version.deleted", model, found.version, before=events.version_snapshot(found))
    model.updated_at = utcnow()
    db.session.delete(found)
    db.session.flush()
    db.session.expire(model)


def touch(found: ModelVersion) -> None:
    """Mark a version, and so its model, as changed now."""
    now = utcnow()
    found.updated_at = now
    found.model.updated_at = now


def _replace_metrics(version: ModelVersion, metrics: Mapping[str, float] | None) -> None:
    sync_keyed_rows(
        version.metrics, {key: float(value) for key, value in (metrics or {}).items()}, Metric
    )


def _replace_tags(version: ModelVersion, tags: Mapping[str, str] | None) -> None:
    sync_keyed_rows(version.tags, tags or {}, VersionTag)
