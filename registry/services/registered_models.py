"""Registered models: create, rename, describe, tag and delete (lists: model_search)."""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ..errors import NotFound, ValidationFailed
from ..models import RegisteredModel
from . import events, rules, views
from .keyed_rows import MODEL_TAGS
from .lookup import can_match, check_row_version
from .lookup import get_model as get_model  # the web pages import it from here
from .model_rows import (
    ModelRow,
    attach_model,
    change_model,
    delete_model_row,
    ensure_name_free,
    find_model,
    insert_model,
)
from .new_versions import AddedVersion, add_version
from .unit import atomic
from .version_rules import check_new_version_fields
from .views import ModelView, VersionView

MODEL_FIELDS = ("name", "description", "tags")
T = TypeVar("T")


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
    model, _ = _register(name, description, tags, first_version)
    return attach_model(model)


def create_model_view(
    name: str,
    description: str = "",
    tags: Mapping[str, str] | None = None,
    first_version: Mapping[str, Any] | None = None,
) -> tuple[ModelView, VersionView | None]:
    """Register a model as ``create_model`` does; return it and its first version (if any)
    as a reply shows them, without reading them back."""
    model, first = _register(name, description, tags, first_version)
    view = ModelView(
        id=model.id,
        name=model.name,
        description=model.description,
        created_at=model.created_at,
        updated_at=model.updated_at,
        row_version=model.row_version,
        tags=dict(sorted((tags or {}).items())),
        aliases={},
    )
    return view, first.view(model.name) if first is not None else None


def _register(
    name: str,
    description: str,
    tags: Mapping[str, str] | None,
    first_version: Mapping[str, Any] | None,
) -> tuple[ModelRow, AddedVersion | None]:
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
    first = None
    with atomic(orm=False):
        ensure_name_free(name)
        model = insert_model(name, description)
        MODEL_TAGS.add(model.id, tags or {})
        events.record("model.created", model, after=events.model_snapshot(model))
        if first_version is not None:
            model, first = add_version(model, **first_version)
    return model, first


def update_model(
    name: str, changes: Mapping[str, Any], expected_row_version: int | None = None
) -> RegisteredModel:
    """Rename a model, change its description or replace its tags, in one transaction.

    :param changes: any of ``name``, ``description`` and ``tags`` (the whole new set).
    :raises PreconditionFailed: ``expected_row_version`` is stale.
    """
    _check_changes(changes)
    with atomic(orm=False):
        model = _apply_changes(name, changes, expected_row_version)
    return attach_model(model)


def update_model_view(
    name: str,
    changes: Mapping[str, Any],
    expected_row_version: int | None = None,
    read: Callable[[str], T] = views.model_with_latest,
) -> T:
    """Change a model as ``update_model`` does; return ``read(name)`` of it (by default the
    model and its latest version), read in the same transaction: a reply needs none of its own.
    """
    _check_changes(changes)
    with atomic(orm=False):
        return read(_apply_changes(name, changes, expected_row_version).name)


def _check_changes(changes: Mapping[str, Any]) -> None:
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


def _apply_changes(
    name: str, changes: Mapping[str, Any], expected_row_version: int | None
) -> ModelRow:
    model = find_model(name)
    check_row_version(model.row_version, expected_row_version)
    before = events.model_snapshot(model)
    columns = {}
    new_name = changes.get("name", model.name)
    if rules.name_key(new_name) != model.name_key:
        ensure_name_free(new_name)
        columns["name_key"] = rules.name_key(new_name)
    if new_name != model.name:
        columns["name"] = new_name
    if changes.get("description", model.description) != model.description:
        columns["description"] = changes["description"]
    model = change_model(model, **columns)
    after = events.model_snapshot(model)
    if "tags" in changes:
        # The tags join the history's before/after only when the change may touch them.
        before["tags"] = MODEL_TAGS.values_of(model.id)
        after["tags"] = MODEL_TAGS.replace(model.id, before["tags"], changes["tags"] or {})
    events.record("model.updated", model, before=before, after=after)
    return model


def delete_model(name: str, expected_row_version: int | None = None) -> None:
    """Delete a model with all its versions, tags and aliases; its history stays.

    :raises NotFound: there is no such model.
    :raises PreconditionFailed: ``expected_row_version`` is stale.
    """
    with atomic(orm=False):
        model = find_model(name)
        check_row_version(model.row_version, expected_row_version)
        events.record("model.deleted", model, before=events.model_snapshot(model))
        delete_model_row(model)


def set_model_tag(name: str, key: str, value: str) -> None:
    """Set the tag ``key`` of a model to ``value``, adding or replacing it.

    :raises ValidationFailed: the key or value breaks a tag rule.
    :raises NotFound: there is no such model.
    """
    set_model_tag_view(name, key, value, read=lambda _name: None)


def set_model_tag_view(
    name: str, key: str, value: str, read: Callable[[str], T] = views.model_with_latest
) -> T:
    """Set a model's tag as ``set_model_tag`` does; return ``read(name)`` of the model (by
    default the model and its latest version), read in the same transaction."""
    checker = rules.Checker()
    rules.check_tags(checker, "tags", {key: value})
    checker.raise_if_failed()
    with atomic(orm=False):
        model = find_model(name)
        previous = MODEL_TAGS.set(model.id, key, value)
        model = change_model(model)
        before = None if previous is None else {key: previous}
        events.record("model.tag.set", model, before=before, after={key: value})
        return read(model.name)


def delete_model_tag(name: str, key: str) -> None:
    """Remove the tag ``key`` from a model.

    :raises NotFound: the model, or the tag on it, does not exist.
    """
    with atomic(orm=False):
        model = find_model(name)
        previous = MODEL_TAGS.remove(model.id, key) if can_match(key) else None
        if previous is None:
            raise NotFound(f"Model '{model.name}' has no tag '{key}'.")
        model = change_model(model)
        events.record("model.tag.deleted", model, before={key: previous})
