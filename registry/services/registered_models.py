"""Registered models: create, read, list, rename, describe, tag and delete."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..models import Alias, ModelTag, ModelVersion, RegisteredModel, utcnow
from . import events, narrowing, rules
from .keyed_rows import remove_keyed_row, set_keyed_row, sync_keyed_rows
from .lookup import check_row_version, get_model
from .query import Page, keyset_page
from .search import Condition, model_conditions, name_pattern_ids, text_index_ids, text_scan
from .unit import atomic
from .version_rules import check_new_version_fields
from .versions import add_version

MODEL_SORTS = {
    "name": [(RegisteredModel.name_key, False), (RegisteredModel.id, False)],
    "-name": [(RegisteredModel.name_key, True), (RegisteredModel.id, True)],
    "updated": [(RegisteredModel.updated_at, False), (RegisteredModel.id, False)],
    "-updated": [(RegisteredModel.updated_at, True), (RegisteredModel.id, True)],
    "created": [(RegisteredModel.created_at, False), (RegisteredModel.id, False)],
    "-created": [(RegisteredModel.created_at, True), (RegisteredModel.id, True)],
}
MODEL_FIELDS = ("name", "description", "tags")


@dataclass(frozen=True)
class ModelFilter:
    """What a list of models is narrowed to, and how it is sorted.

    ``tags`` holds ``(key, value)`` pairs; a value of None matches any value of that key.
    """

    q: str = ""
    framework: str = ""
    tags: tuple[tuple[str, str | None], ...] = ()
    alias: str = ""
    conditions: tuple[Condition, ...] = ()
    sort: str = "name"


@dataclass(frozen=True)
class ModelListing:
    """A model as a list shows it: the model and its latest (last created) version."""

    model: RegisteredModel
    latest: ModelVersion | None


def create_model(
    name: str,
    description: str = "",
    tags: Mapping[str, str] | None = None,
    first_version: Mapping[str, Any] | None = None,
) -> RegisteredModel:
    """Register a new model, optionally with its first version, in one transaction.

    :raises ValidationFailed: a field breaks a rule (every failing field is listed).
    :raises Conflict: a model of that name exists already.
    """
    checker = rules.Checker()
    checker.add("name", rules.name_problem(name))
    checker.add(
        "description", rules.text_problem("Description", description, rules.DESCRIPTION_MAX)
    )
    rules.check_tags(checker, "tags", tags)
    if first_version is not None:
        # Judge the first version now too, so one answer lists every problem of the request.
        check_new_version_fields(checker, first_version)
    checker.raise_if_failed()
    with atomic():
        _ensure_name_free(name)
        model = RegisteredModel(name=name, name_key=rules.name_key(name), description=description)
        model.tags = [ModelTag(key=key, value=value) for key, value in (tags or {}).items()]
        db.session.add(model)
        db.session.flush()
        events.record("model.created", model, after=events.model_snapshot(model))
        if first_version is not None:
            add_version(model, **first_version)
    return model


def update_model(
    name: str, changes: Mapping[str, Any], expected_row_version: int | None = None
) -> RegisteredModel:
    """Rename a model, change its description or replace its tags, in one transaction.

    :param changes: any of ``name``, ``description`` and ``tags`` (the whole new set).
    :raises PreconditionFailed: ``expected_row_version`` is stale.
    """
    unknown = sorted(set(changes) - set(MODEL_FIELDS))
    if unknown:
        raise ValidationFailed([(field, "This field cannot be changed.") for field in unknown])
    checker = rules.Checker()
    if "name" in changes:
        checker.add("name", rules.name_problem(changes["name"]))
    if "description" in changes:
        checker.add(
            "description",
            rules.text_problem("Description", changes["description"], rules.DESCRIPTION_MAX),
        )
    if "tags" in changes:
        rules.check_tags(checker, "tags", changes["tags"])
    checker.raise_if_failed()
    with atomic():
        model = get_model(name)
        check_row_version(model.row_version, expected_row_version)
        before = _update_snapshot(model, changes)
        new_name = changes.get("name", model.name)
        if rules.name_key(new_name) != model.name_key:
            _ensure_name_free(new_name)
        model.name, model.name_key = new_name, rules.name_key(new_name)
        model.description = changes.get("description", model.description)
        if "tags" in changes:
            sync_keyed_rows(model.tags, changes["tags"] or {}, ModelTag)
        model.updated_at = utcnow()
        after = _update_snapshot(model, changes)
        events.record("model.updated", model, before=before, after=after)
    return model


def _update_snapshot(model: RegisteredModel, changes: Mapping[str, Any]) -> dict[str, Any]:
    # The tags join the history's before/after only when the change may have touched them.
    snapshot = events.model_snapshot(model)
    if "tags" in changes:
        snapshot["tags"] = {tag.key: tag.value for tag in model.tags}
    return snapshot


def delete_model(name: str, expected_row_version: int | None = None) -> None:
    """Delete a model with all its versions, tags and aliases; its history stays.

    :raises NotFound: there is no such model.
    :raises PreconditionFailed: ``expected_row_version`` is stale.
    """
    with atomic():
        model = get_model(name)
        check_row_version(model.row_version, expected_row_version)
        events.record("model.deleted", model, before=events.model_snapshot(model))
        db.session.delete(model)


def set_model_tag(name: str, key: str, value: str) -> None:
    """Set the tag ``key`` of a model to ``value``, adding or replacing it.

    :raises ValidationFailed: the key or value breaks a tag rule.
    :raises NotFound: there is no such model.
    """
    checker = rules.Checker()
    rules.check_tags(checker, "tags", {key: value})
    checker.raise_if_failed()
    with atomic():
        model = get_model(name)
        previous = set_keyed_row(model.tags, key, value, ModelTag)
        model.updated_at = utcnow()
        before = None if previous is None else {key: previous}
        events.record("model.tag.set", model, before=before, after={key: value})


def delete_model_tag(name: str, key: str) -> None:
    """Remove the tag ``key`` from a model.

    :raises NotFound: the model, or the tag on it, does not exist.
    """
    with atomic():
        model = get_model(name)
        previous = remove_keyed_row(model.tags, key)
        if previous is None:
            raise NotFound(f"Model '{model.name}' has no tag '{key}'.")
        model.updated_at = utcnow()
        events.record("model.tag.deleted", model, before={key: previous})


def list_models(
    model_filter: ModelFilter = ModelFilter(), limit: int = 50, cursor: str | None = None
) -> Page:
    """Return one page of models (as ModelListing) matching ``model_filter``.

    :raises ValidationFailed: the sort is unknown.
    :raises InvalidCursor: the cursor is malformed or belongs to another query.
    """
    if model_filter.sort not in MODEL_SORTS:
        raise ValidationFailed([("sort", f"Sort must be one of: {', '.join(MODEL_SORTS)}.")])
    statement = select(RegisteredModel).where(*_filter_clauses(model_filter))
    statement = statement.options(
        selectinload(RegisteredModel.aliases).selectinload(Alias.version),
        selectinload(RegisteredModel.tags),
    )
    page = keyset_page(
        statement,
        MODEL_SORTS[model_filter.sort],
        limit=limit,
        cursor=cursor,
        bound_to=("models", model_filter),
    )
    latest = latest_versions([model.id for model in page.items])
    return Page(
        [ModelListing(model, latest.get(model.id)) for model in page.items], page.next_cursor
    )


def count_models(model_filter: ModelFilter = ModelFilter(), at_most: int | None = None) -> int:
    """Count the models matching ``model_filter``.

    :param at_most: stop counting past this many and return ``at_most + 1`` ("more than"):
        counting every match of a common filter reads every row, which a large registry's list
        page cannot afford.
    """
    matching = select(RegisteredModel.id).where(*_filter_clauses(model_filter))
    if at_most is not None:
        matching = matching.limit(at_most + 1)
    return db.session.scalar(select(func.count()).select_from(matching.subquery())) or 0


def latest_versions(model_ids: list[int]) -> dict[int, ModelVersion]:
    """Map each model id to its last created version, in one query."""
    if not model_ids:
        return {}
    newest = (
        select(func.max(ModelVersion.id))
        .where(ModelVersion.model_id.in_(model_ids))
        .group_by(ModelVersion.model_id)
    )
    versions = db.session.scalars(select(ModelVersion).where(ModelVersion.id.in_(newest)))
    return {version.model_id: version for version in versions}


def _ensure_name_free(name: str) -> None:
    taken = db.session.scalar(
        select(RegisteredModel.name).where(RegisteredModel.name_key == rules.name_key(name))
    )
    if taken is not None:
        raise Conflict(f"A model named '{taken}' already exists.")


def _check_filter(model_filter: ModelFilter) -> None:
    checker = rules.Checker()
    checker.add("q", rules.text_problem("Search", model_filter.q, rules.NAME_MAX))
    checker.add("framework", rules.text_problem("Framework", model_filter.framework, 64))
    checker.add("alias", rules.text_problem("Alias", model_filter.alias, 255))
    for key, value in model_filter.tags:
        checker.add("tag", rules.text_problem("Tag key", key, rules.TAG_KEY_MAX))
        if value is not None:
            checker.add("tag", rules.text_problem("Tag value", value, rules.TAG_VALUE_MAX))
    checker.raise_if_failed()


def _filter_clauses(model_filter: ModelFilter) -> list:
    _check_filter(model_filter)
    clauses = model_conditions(model_filter.conditions)
    # For each filter an index answers, the ids it allows.
    candidates = [
        ids
        for ids in (name_pattern_ids(condition) for condition in model_filter.conditions)
        if ids is not None
    ]
    if model_filter.framework:
        clauses.append(
            exists().where(
                ModelVersion.model_id == RegisteredModel.id,
                ModelVersion.framework == model_filter.framework,
            )
        )
        candidates.append(narrowing.framework_ids(model_filter.framework))
    for key, value in model_filter.tags:
        match = [ModelTag.model_id == RegisteredModel.id, ModelTag.key == key]
        if value is not None:
            match.append(ModelTag.value == value)
        clauses.append(exists().where(*match))
        candidates.append(narrowing.tag_ids(key, value))
    if model_filter.alias:
        clauses.append(
            exists().where(Alias.model_id == RegisteredModel.id, Alias.alias == model_filter.alias)
        )
        candidates.append(narrowing.alias_ids(model_filter.alias))
    needle = model_filter.q.strip()
    if needle:
        indexed = text_index_ids(needle)
        if indexed is not None and narrowing.is_few(indexed):
            # The text index allows few models: they drive the query.
            return [*clauses, RegisteredModel.id.in_(indexed)]
        # A frequent text: testing it row by row along the sort order finds a page soonest.
        clauses.append(text_scan(needle))
    if narrowing.applies():
        driver = narrowing.narrowest(candidates)
        if driver is not None:
            clauses.append(driver)
    return clauses
