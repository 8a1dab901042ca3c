"""Registered models: create, rename, describe, tag and delete (lists: model_search)."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..models import ModelTag, RegisteredModel, utcnow
from . import events, rules
from .keyed_rows import remove_keyed_row, set_keyed_row, sync_keyed_rows
from .lookup import check_row_version, get_model
from .unit import atomic
from .version_rules import check_new_version_fields
from .versions import add_version

MODEL_FIELDS = ("name", "description", "tags")


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


def _ensure_name_free(name: str) -> None:
    taken = db.session.scalar(
        select(RegisteredModel.name).where(RegisteredModel.name_key == rules.name_key(name))
    )
    if taken is not None:
        raise Conflict(f"A model named '{taken}' already exists.")
