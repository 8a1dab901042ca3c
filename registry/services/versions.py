"""Model versions: add, read, list, search, update, stage, tag and delete."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..models import Metric, ModelVersion, RegisteredModel, VersionTag, utcnow
from . import events, rules
from .lookup import can_match, check_row_version, get_model, get_version
from .query import Page, keyset_page
from .search import Condition, version_conditions
from .unit import atomic

UPDATABLE_FIELDS = (
    "framework",
    "source",
    "run_id",
    "run_link",
    "description",
    "stage",
    "metrics",
    "tags",
)
NEW_VERSION_FIELDS = ("version", *UPDATABLE_FIELDS)
VERSION_SORT_COLUMNS = {
    "name": RegisteredModel.name,
    "version": ModelVersion.sort_key,
    "created": ModelVersion.created_at,
    "updated": ModelVersion.updated_at,
}


@dataclass(frozen=True)
class VersionFilter:
    """What a search over all versions is narrowed to, and its order.

    ``order`` holds ``(column, descending)`` pairs with columns from VERSION_SORT_COLUMNS.
    """

    conditions: tuple[Condition, ...] = ()
    order: tuple[tuple[str, bool], ...] = (("updated", True), ("name", False), ("version", True))


def check_version_fields(checker: rules.Checker, fields: Mapping[str, Any]) -> None:
    """Record a problem for every field of ``fields`` that breaks a version rule."""
    unknown = sorted(set(fields) - set(NEW_VERSION_FIELDS))
    for field in unknown:
        checker.add(field, "This field is not part of a version.")
    if fields.get("version") is not None:
        checker.add("version", rules.version_problem(fields["version"]))
    if "framework" in fields:
        checker.add("framework", rules.framework_problem(fields["framework"]))
    if "source" in fields:
        checker.add("source", rules.source_problem(fields["source"]))
    for field, limit in (("run_id", rules.RUN_ID_MAX), ("run_link", rules.SOURCE_MAX)):
        if field in fields:
            checker.add(field, rules.text_problem(field, fields[field], limit))
    if "description" in fields:
        checker.add(
            "description",
            rules.text_problem("Description", fields["description"], rules.DESCRIPTION_MAX),
        )
    if "stage" in fields:
        checker.add("stage", rules.stage_problem(rules.canonical_stage(fields["stage"])))
    if "metrics" in fields:
        _check_mapping(checker, "metrics", fields["metrics"], rules.check_metrics)
    if "tags" in fields:
        _check_mapping(checker, "tags", fields["tags"], rules.check_tags)


def check_new_version_fields(checker: rules.Checker, fields: Mapping[str, Any]) -> None:
    """Record a problem for every field of a version to be added (a framework is required)."""
    checker.add("framework", None if "framework" in fields else "Framework is required.")
    check_version_fields(checker, fields)


def _check_mapping(checker: rules.Checker, field: str, value: Any, check) -> None:
    if value is not None and not isinstance(value, Mapping):
        checker.add(field, f"{field.capitalize()} must be a mapping of names to values.")
    else:
        check(checker, field, value)


def add_version(model: RegisteredModel, **fields: Any) -> ModelVersion:
    """Add a version to ``model`` inside the caller's transaction.

    The label defaults to one more than the largest integer version the model ever had.

    :raises ValidationFailed: a field breaks a rule (every failing field is listed).
    :raises Conflict: the model has that version already.
    """
    checker = rules.Checker()
    check_new_version_fields(checker, fields)
    checker.raise_if_failed()
    label = fields.get("version") or str(model.next_version)
    if db.session.scalar(
        select(ModelVersion.id).where(
            ModelVersion.model_id == model.id, ModelVersion.version == label
        )
    ):
        raise Conflict(f"Model '{model.name}' already has version '{label}'.")
    number = rules.version_number(label)
    if number is not None:
        model.next_version = max(model.next_version, number + 1)
    version = ModelVersion(
        model=model,
        version=label,
        number=number,
        sort_key=rules.version_sort_key(label),
        framework=fields["framework"],
        source=fields.get("source", ""),
        run_id=fields.get("run_id", ""),
        run_link=fields.get("run_link", ""),
        description=fields.get("description", ""),
        stage=rules.canonical_stage(fields.get("stage", "None")),
    )
    _replace_metrics(version, fields.get("metrics"))
    _replace_tags(version, fields.get("tags"))
    db.session.add(version)
    model.updated_at = utcnow()
    db.session.flush()
    events.record("version.created", model, label, after=events.version_snapshot(version))
    return version


def create_version(model_name: str, **fields: Any) -> ModelVersion:
    """Add a version to the model called ``model_name``.

    :raises NotFound: there is no such model.
    :raises ValidationFailed: a field breaks a rule.
    :raises Conflict: the model has that version already.
    """
    with atomic():
        return add_version(get_model(model_name, for_update=True), **fields)


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
        _touch(found)
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


def list_versions(model_name: str) -> list[ModelVersion]:
    """Return every version of a model, highest version first."""
    model = get_model(model_name)
    statement = (
        select(ModelVersion)
        .where(ModelVersion.model_id == model.id)
        .options(
            selectinload(ModelVersion.metrics),
            selectinload(ModelVersion.tags),
            selectinload(ModelVersion.aliases),
        )
        .order_by(ModelVersion.sort_key.desc(), ModelVersion.id.desc())
    )
    return list(db.session.scalars(statement))


def search_versions(
    version_filter: VersionFilter = VersionFilter(), limit: int = 100, cursor: str | None = None
) -> Page:
    """Return one page of versions of any model matching ``version_filter``.

    :raises ValidationFailed: an order column is unknown or repeated, or a condition is bad.
    :raises InvalidCursor: the cursor is malformed or belongs to another query.
    """
    columns = [column for column, _ in version_filter.order]
    if len(set(columns)) != len(columns) or not set(columns) <= set(VERSION_SORT_COLUMNS):
        raise ValidationFailed([("order_by", "Order columns must be distinct and known.")])
    order = [(VERSION_SORT_COLUMNS[column], desc) for column, desc in version_filter.order]
    order.append((ModelVersion.id, False))
    statement = (
        select(ModelVersion)
        .join(RegisteredModel)
        .where(*version_conditions(version_filter.conditions))
        .options(
            selectinload(ModelVersion.model),
            selectinload(ModelVersion.tags),
            selectinload(ModelVersion.aliases),
        )
    )
    return keyset_page(
        statement,
        order,
        limit=limit,
        cursor=cursor,
        bound_to=("versions", version_filter),
        values_of=lambda row: (
            [
                row.model.name
                if column == "name"
                else getattr(row, VERSION_SORT_COLUMNS[column].key)
                for column in columns
            ]
            + [row.id]
        ),
    )


def set_version_tag(model_name: str, version: str, key: str, value: str) -> None:
    """Set the tag ``key`` of a version to ``value``, adding or replacing it."""
    checker = rules.Checker()
    rules.check_tags(checker, "tags", {key: value})
    checker.raise_if_failed()
    with atomic():
        found = get_version(model_name, version)
        tag = next((tag for tag in found.tags if tag.key == key), None)
        before = {key: tag.value} if tag else None
        if tag is None:
            found.tags.append(VersionTag(key=key, value=value))
        else:
            tag.value = value
        _touch(found)
        events.record(
            "version.tag.set", found.model, found.version, before=before, after={key: value}
        )


def delete_version_tag(model_name: str, version: str, key: str) -> None:
    """Remove the tag ``key`` from a version.

    :raises NotFound: the model, version or tag does not exist.
    """
    with atomic():
        found = get_version(model_name, version)
        tag = next((tag for tag in found.tags if tag.key == key), None)
        if tag is None:
            raise NotFound(f"Version '{found.version}' of '{found.model.name}' has no tag '{key}'.")
        found.tags.remove(tag)
        _touch(found)
        events.record("version.tag.deleted", found.model, found.version, before={key: tag.value})


def _delete(found: ModelVersion) -> None:
    model = found.model
    events.record("version.deleted", model, found.version, before=events.version_snapshot(found))
    model.updated_at = utcnow()
    db.session.delete(found)
    db.session.flush()
    db.session.expire(model)


def _touch(found: ModelVersion) -> None:
    now = utcnow()
    found.updated_at = now
    found.model.updated_at = now


def _replace_metrics(version: ModelVersion, metrics: Mapping[str, float] | None) -> None:
    sync_keyed_rows(
        version.metrics, {key: float(value) for key, value in (metrics or {}).items()}, Metric
    )


def _replace_tags(version: ModelVersion, tags: Mapping[str, str] | None) -> None:
    sync_keyed_rows(version.tags, dict(tags or {}), VersionTag)


def sync_keyed_rows(rows: list, wanted: dict[str, Any], row_class) -> None:
    """Make ``rows`` (tags or metrics, by key) hold exactly ``wanted``, keeping kept rows."""
    # Update rows in place rather than replace them: a flush inserts before it deletes, so a
    # new row with an old row's key would break the (version, key) unique constraint.
    for row in list(rows):
        if row.key in wanted:
            row.value = wanted.pop(row.key)
        else:
            rows.remove(row)
    rows.extend(row_class(key=key, value=value) for key, value in wanted.items())
