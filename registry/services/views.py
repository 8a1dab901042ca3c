"""Read-only snapshots of models and versions, as the APIs show them.

Loaded with a fixed handful of column queries and no ORM objects: building, tracking and
lazy-loading ORM instances cost several times more than the SQL itself, and a read is the
registry's commonest request. Pages that change objects use the ORM (services.lookup).
"""

from collections import defaultdict
from datetime import datetime
from typing import NamedTuple

from .. import driver_reads as reads
from ..models import ModelVersion
from . import rules
from . import view_queries as q
from .lookup import can_match, no_such_alias, no_such_model, no_such_version
from .query import Order, Page, cursor_after, values_after

MODEL_WIDTH = len(q.MODEL_COLUMNS)
STAGE_ORDER = {stage: index for index, stage in enumerate(rules.STAGES)}
# A model's versions, highest first (ix_model_versions_model_id_sort_key serves it).
VERSION_ORDER: Order = [(ModelVersion.sort_key, True), (ModelVersion.id, True)]
# The snapshots are named tuples: a read makes several, and a frozen dataclass is four times
# slower to make (every field set through object.__setattr__).


class ModelView(NamedTuple):
    """A model with its tags and its aliases (alias → version label), keys in order."""

    id: int
    name: str
    description: str
    created_at: datetime
    updated_at: datetime
    row_version: int
    tags: dict[str, str]
    aliases: dict[str, str]


class VersionSummary(NamedTuple):
    """The few fields of a version that a model shows of its latest one."""

    id: int
    uuid: str
    model_id: int
    version: str
    framework: str
    status: str
    stage: str
    created_at: datetime


class VersionView(NamedTuple):
    """A version with its model's name, its metrics and tags, and the aliases naming it."""

    id: int
    uuid: str
    model_id: int
    model_name: str
    version: str
    framework: str
    source: str
    run_id: str
    run_link: str
    status: str
    stage: str
    description: str
    created_at: datetime
    updated_at: datetime
    row_version: int
    metrics: dict[str, float]
    tags: dict[str, str]
    aliases: tuple[str, ...]


def model_view(name: str) -> ModelView:
    """Return the model called ``name`` (in any case or Unicode form).

    :raises NotFound: there is no such model.
    """
    row = _first_by_name(q.MODEL_BY_KEY, name)
    if row is None:
        raise no_such_model(name)
    return _model_views([row])[0]


def model_with_latest(name: str) -> tuple[ModelView, VersionSummary | None]:
    """Return the model called ``name`` and its last created version (None: it has none).

    :raises NotFound: there is no such model.
    """
    row = _first_by_name(q.MODEL_WITH_LATEST, name)
    if row is None:
        raise no_such_model(name)
    model_part, latest_part = row[:MODEL_WIDTH], row[MODEL_WIDTH:]
    latest = VersionSummary(*latest_part) if latest_part[0] is not None else None
    return _model_views([model_part])[0], latest


def model_views(model_ids: list[int]) -> list[ModelView]:
    """Return the models with these ids, in the order given (missing ids are left out)."""
    if not model_ids:
        return []
    by_id = {row.id: row for row in reads.rows(q.MODELS_BY_ID, {"ids": model_ids})}
    return _model_views([by_id[model_id] for model_id in model_ids if model_id in by_id])


def versions_of(model_name: str, limit: int = 50, cursor: str | None = None) -> Page[VersionView]:
    """Return one page of the versions of the model called ``model_name``, highest version
    first: a model may have tens of thousands.

    :raises NotFound: there is no such model.
    :raises InvalidCursor: the cursor is malformed or was made for another model's versions.
    """
    found = _first_by_name(q.MODEL_ID_BY_KEY, model_name)
    if found is None:
        raise no_such_model(model_name)
    bound_to = versions_cursor_scope(found.id)
    parameters = {"model_id": found.id, "limit": limit + 1}  # one more: is there a next page?
    rows_statement, details_statement = q.VERSIONS_PAGE, q.VERSION_DETAILS_OF_PAGE
    if cursor:
        after_key, after_id = values_after(cursor, bound_to, VERSION_ORDER)
        parameters |= {"after_key": after_key, "after_id": after_id}
        rows_statement, details_statement = q.VERSIONS_PAGE_AFTER, q.VERSION_DETAILS_OF_PAGE_AFTER
    rows = reads.rows(rows_statement, parameters)
    details = _details(details_statement, parameters) if rows else {}
    shown = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = cursor_after([shown[-1].sort_key, shown[-1].id], bound_to)
    return Page([_version(row[:-1], details) for row in shown], next_cursor)


def versions_cursor_scope(model_id: int) -> tuple:
    """What a cursor over a model's versions is bound to, the same for the API's pages and the
    web page's (versions.versions_page): the model's id, which a rename keeps, so that another
    model's cursor is refused."""
    return ("versions of", model_id)


def version_view(model_name: str, version: str) -> VersionView:
    """Return version ``version`` of the model called ``model_name``.

    :raises NotFound: the model or the version does not exist.
    """
    row = _first_by_name(q.VERSION_BY_LABEL, model_name, version=str(version))
    if row is None:
        model = model_view(model_name)  # which of the two is missing decides the message
        raise no_such_version(model, version)
    return _version_views([row])[0]


def version_by_alias(model_name: str, alias: str) -> VersionView:
    """Return the version ``alias`` points at.

    :raises NotFound: the model or the alias does not exist.
    """
    row = _first_by_name(q.VERSION_BY_ALIAS, model_name, alias=alias)
    if row is None:
        model = model_view(model_name)  # which of the two is missing decides the message
        raise no_such_alias(model, alias)
    return _version_views([row])[0]


def highest_version(model_name: str) -> VersionView | None:
    """Return the model's highest version (MLflow's alias ``latest``), None when it has none.

    :raises NotFound: there is no such model.
    """
    row = _first_by_name(q.HIGHEST_VERSION, model_name)
    if row is None:
        model_view(model_name)  # a missing model is an error, a model without versions is not
        return None
    return _version_views([row])[0]


def version_views(version_ids: list[int]) -> list[VersionView]:
    """Return the versions with these ids, in the order given (missing ids are left out)."""
    if not version_ids:
        return []
    rows = reads.rows(q.VERSIONS_BY_ID, {"ids": version_ids})
    by_id = {found.id: found for found in _version_views(rows)}
    return [by_id[version_id] for version_id in version_ids if version_id in by_id]


def latest_versions(model_ids: list[int]) -> dict[int, VersionSummary]:
    """Map each model id to its last created version, in one query."""
    if not model_ids:
        return {}
    rows = reads.rows(q.LATEST_VERSIONS, {"ids": model_ids})
    return {row.model_id: VersionSummary(*row) for row in rows}


def highest_versions_per_stage(model_ids: list[int]) -> dict[int, list[VersionView]]:
    """Map each model id to its highest version in each stage (MLflow's "latest versions"),
    in stage order (None, Staging, Production, Archived)."""
    if not model_ids:
        return {}
    found: dict[int, list[VersionView]] = {model_id: [] for model_id in model_ids}
    rows = reads.rows(q.HIGHEST_PER_STAGE, {"ids": model_ids})
    for version in _version_views(rows):
        found[version.model_id].append(version)
    return {model_id: _in_stage_order(versions) for model_id, versions in found.items()}


def model_with_stage_tops(name: str) -> tuple[ModelView, list[VersionView]]:
    """Return the model called ``name`` and its highest version of each stage, in stage order
    (what MLflow's model read shows), in two statements.

    :raises NotFound: there is no such model.
    """
    rows = []
    if can_match(name):
        rows = reads.rows(q.MODEL_WITH_STAGE_TOPS, {"key": rules.name_key(str(name))})
    if not rows:
        raise no_such_model(name)
    model_row = rows[0][:MODEL_WIDTH]
    version_rows = [row[MODEL_WIDTH:] for row in rows if row[MODEL_WIDTH] is not None]
    # The first statement finds at most one top per stage: a parameter each.
    top_ids = dict(zip(q.TOP_IDS, (row[0] for row in version_rows), strict=False))
    statement = q.MODEL_AND_TOPS_DETAILS[len(top_ids)]
    details = _details(statement, {"id": model_row[0], **top_ids})
    tops = [_version(row, details) for row in version_rows]
    return _model(model_row, details), _in_stage_order(tops)


def _first_by_name(statement, model_name: str, **parameters: str):
    """The first row of ``statement`` for the model called ``model_name`` (its ``key``) and
    ``parameters``, or None; text no name can hold finds nothing without a query."""
    if not can_match(model_name, *parameters.values()):
        return None
    key = rules.name_key(str(model_name))
    return reads.first(statement, {"key": key, **parameters})


def _in_stage_order(versions: list[VersionView]) -> list[VersionView]:
    return sorted(versions, key=lambda version: STAGE_ORDER.get(version.stage, len(STAGE_ORDER)))


def _model_views(rows: list) -> list[ModelView]:
    if len(rows) == 1:
        details = _details(q.MODEL_DETAILS_OF_ONE, {"id": rows[0][0]})
    else:
        details = _details(q.MODEL_DETAILS, {"ids": [row[0] for row in rows]})
    return [_model(row, details) for row in rows]


def _version_views(rows: list) -> list[VersionView]:
    if len(rows) == 1:
        details = _details(q.VERSION_DETAILS_OF_ONE, {"id": rows[0][0]})
    else:
        details = _details(q.VERSION_DETAILS, {"ids": [row[0] for row in rows]})
    return [_version(row, details) for row in rows]


def _model(row, details: dict) -> ModelView:
    owner = row[0]
    return ModelView(*row, tags=details[q.MODEL_TAG, owner], aliases=details[q.MODEL_ALIAS, owner])


def _version(row, details: dict) -> VersionView:
    owner = row[0]
    return VersionView(
        *row,
        metrics=details[q.METRIC, owner],
        tags=details[q.VERSION_TAG, owner],
        aliases=tuple(details[q.VERSION_ALIAS, owner]),
    )


def _details(statement, parameters: dict) -> defaultdict:
    """Map (kind, owner) to {key: value} from a details statement (ordered by key)."""
    found: defaultdict = defaultdict(dict)
    if any(parameters.values()):
        for owner, kind, key, value, number in reads.rows(statement, parameters):
            found[kind, owner][key] = number if kind == q.METRIC else value
    return found
