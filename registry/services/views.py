"""Read-only snapshots of models and versions, as the APIs show them.

Loaded with a fixed handful of column queries and no ORM objects: building, tracking and
lazy-loading ORM instances cost several times more than the SQL itself, and a read is the
registry's commonest request. Pages that change objects use the ORM (services.lookup).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Float, bindparam, cast, func, literal, null, select, union_all

from ..errors import NotFound
from ..extensions import db
from ..models import Alias, Metric, ModelTag, ModelVersion, RegisteredModel, VersionTag
from . import rules
from .lookup import can_match

MODELS = RegisteredModel.__table__
VERSIONS = ModelVersion.__table__
ALIASES = Alias.__table__
MODEL_TAGS = ModelTag.__table__
VERSION_TAGS = VersionTag.__table__
METRICS = Metric.__table__
MODEL_COLUMNS = (
    MODELS.c.id,
    MODELS.c.name,
    MODELS.c.description,
    MODELS.c.created_at,
    MODELS.c.updated_at,
    MODELS.c.row_version,
)
VERSION_COLUMNS = (
    VERSIONS.c.id,
    VERSIONS.c.uuid,
    VERSIONS.c.model_id,
    MODELS.c.name.label("model_name"),
    VERSIONS.c.version,
    VERSIONS.c.framework,
    VERSIONS.c.source,
    VERSIONS.c.run_id,
    VERSIONS.c.run_link,
    VERSIONS.c.status,
    VERSIONS.c.stage,
    VERSIONS.c.description,
    VERSIONS.c.created_at,
    VERSIONS.c.updated_at,
    VERSIONS.c.row_version,
)
SUMMARY_COLUMNS = (
    VERSIONS.c.id,
    VERSIONS.c.uuid,
    VERSIONS.c.model_id,
    VERSIONS.c.version,
    VERSIONS.c.framework,
    VERSIONS.c.status,
    VERSIONS.c.stage,
    VERSIONS.c.created_at,
)
# The kinds of label one query brings back for many objects at once.
TAG, ALIAS, METRIC = 0, 1, 2
NO_NUMBER = cast(null(), Float)
IDS = bindparam("ids", expanding=True)

# Built once: constructing a statement costs more than running it on an indexed key.
MODEL_BY_KEY = select(*MODEL_COLUMNS).where(MODELS.c.name_key == bindparam("key"))
_NEWEST = VERSIONS.alias("newest")
# The model and its last created version in one statement: the commonest read of all.
MODEL_WITH_LATEST = (
    select(*MODEL_COLUMNS, *(column.label(f"latest_{column.name}") for column in SUMMARY_COLUMNS))
    .select_from(
        MODELS.outerjoin(
            VERSIONS,
            VERSIONS.c.id
            == select(func.max(_NEWEST.c.id))
            .where(_NEWEST.c.model_id == MODELS.c.id)
            .scalar_subquery(),
        )
    )
    .where(MODELS.c.name_key == bindparam("key"))
)
MODEL_ID_BY_KEY = select(MODELS.c.id).where(MODELS.c.name_key == bindparam("key"))
MODELS_BY_ID = select(*MODEL_COLUMNS).where(MODELS.c.id.in_(IDS))
MODEL_LABELS = union_all(
    select(
        MODEL_TAGS.c.model_id.label("owner"),
        literal(TAG).label("kind"),
        MODEL_TAGS.c.key,
        MODEL_TAGS.c.value,
    ).where(MODEL_TAGS.c.model_id.in_(IDS)),
    select(
        ALIASES.c.model_id.label("owner"),
        literal(ALIAS).label("kind"),
        ALIASES.c.alias.label("key"),
        VERSIONS.c.version.label("value"),
    )
    .join(VERSIONS, VERSIONS.c.id == ALIASES.c.version_id)
    .where(ALIASES.c.model_id.in_(IDS)),
).order_by("owner", "kind", "key")

VERSION_ROWS = select(*VERSION_COLUMNS).join(MODELS, MODELS.c.id == VERSIONS.c.model_id)
VERSION_BY_LABEL = VERSION_ROWS.where(
    MODELS.c.name_key == bindparam("key"), VERSIONS.c.version == bindparam("version")
)
# Both columns: matched on the version alone, "alias = X" would scan every model's X.
VERSION_BY_ALIAS = VERSION_ROWS.where(
    MODELS.c.name_key == bindparam("key"),
    VERSIONS.c.id
    == select(ALIASES.c.version_id)
    .where(ALIASES.c.model_id == MODELS.c.id, ALIASES.c.alias == bindparam("alias"))
    .scalar_subquery(),
)
VERSIONS_BY_ID = VERSION_ROWS.where(VERSIONS.c.id.in_(IDS)).order_by(VERSIONS.c.id)
VERSIONS_OF_MODEL = VERSION_ROWS.where(VERSIONS.c.model_id == bindparam("model_id")).order_by(
    VERSIONS.c.sort_key.desc(), VERSIONS.c.id.desc()
)
HIGHEST_VERSION = (
    VERSION_ROWS.where(MODELS.c.name_key == bindparam("key"))
    .order_by(VERSIONS.c.sort_key.desc(), VERSIONS.c.id.desc())
    .limit(1)
)
LATEST_VERSIONS = select(*SUMMARY_COLUMNS).where(
    VERSIONS.c.id.in_(
        select(func.max(VERSIONS.c.id))
        .where(VERSIONS.c.model_id.in_(IDS))
        .group_by(VERSIONS.c.model_id)
    )
)
_STAGE_RANKS = (
    select(
        VERSIONS.c.id,
        func.row_number()
        .over(
            partition_by=(VERSIONS.c.model_id, VERSIONS.c.stage),
            order_by=(VERSIONS.c.sort_key.desc(), VERSIONS.c.id.desc()),
        )
        .label("rank"),
    )
    .where(VERSIONS.c.model_id.in_(IDS))
    .subquery()
)
HIGHEST_PER_STAGE = VERSION_ROWS.where(
    VERSIONS.c.id.in_(select(_STAGE_RANKS.c.id).where(_STAGE_RANKS.c.rank == 1))
)
# A version's tags, aliases and metrics in one query: text in "value", numbers in "number".
VERSION_DETAILS = union_all(
    select(
        VERSION_TAGS.c.version_id.label("owner"),
        literal(TAG).label("kind"),
        VERSION_TAGS.c.key,
        VERSION_TAGS.c.value,
        NO_NUMBER.label("number"),
    ).where(VERSION_TAGS.c.version_id.in_(IDS)),
    select(
        ALIASES.c.version_id.label("owner"),
        literal(ALIAS).label("kind"),
        ALIASES.c.alias.label("key"),
        literal("").label("value"),
        NO_NUMBER.label("number"),
    ).where(ALIASES.c.version_id.in_(IDS)),
    select(
        METRICS.c.version_id.label("owner"),
        literal(METRIC).label("kind"),
        METRICS.c.key,
        literal("").label("value"),
        METRICS.c.value.label("number"),
    ).where(METRICS.c.version_id.in_(IDS)),
).order_by("owner", "kind", "key")


@dataclass(frozen=True, slots=True)
class ModelView:
    """A model with its tags and its aliases (alias → version label), keys in order."""

    id: int
    name: str
    description: str
    created_at: datetime
    updated_at: datetime
    row_version: int
    tags: dict[str, str]
    aliases: dict[str, str]


@dataclass(frozen=True, slots=True)
class VersionSummary:
    """The few fields of a version that a model shows of its latest one."""

    id: int
    uuid: str
    model_id: int
    version: str
    framework: str
    status: str
    stage: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class VersionView:
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
    row = None
    if can_match(name):
        row = db.session.execute(MODEL_BY_KEY, {"key": rules.name_key(str(name))}).first()
    if row is None:
        raise NotFound(f"Model '{name}' not found.")
    return _model_views([row])[0]


def model_with_latest(name: str) -> tuple[ModelView, VersionSummary | None]:
    """Return the model called ``name`` and its last created version (None: it has none).

    :raises NotFound: there is no such model.
    """
    row = None
    if can_match(name):
        row = db.session.execute(MODEL_WITH_LATEST, {"key": rules.name_key(str(name))}).first()
    if row is None:
        raise NotFound(f"Model '{name}' not found.")
    model_part, latest_part = row[: len(MODEL_COLUMNS)], row[len(MODEL_COLUMNS) :]
    latest = VersionSummary(*latest_part) if latest_part[0] is not None else None
    return _model_views([model_part])[0], latest


def model_views(model_ids: list[int]) -> list[ModelView]:
    """Return the models with these ids, in the order given (missing ids are left out)."""
    if not model_ids:
        return []
    by_id = {row.id: row for row in db.session.execute(MODELS_BY_ID, {"ids": model_ids})}
    return _model_views([by_id[model_id] for model_id in model_ids if model_id in by_id])


def versions_of(model_name: str) -> list[VersionView]:
    """Return every version of the model called ``model_name``, highest version first.

    :raises NotFound: there is no such model.
    """
    model_id = None
    if can_match(model_name):
        key = rules.name_key(str(model_name))
        model_id = db.session.scalar(MODEL_ID_BY_KEY, {"key": key})
    if model_id is None:
        raise NotFound(f"Model '{model_name}' not found.")
    return _version_views(db.session.execute(VERSIONS_OF_MODEL, {"model_id": model_id}).all())


def version_view(model_name: str, version: str) -> VersionView:
    """Return version ``version`` of the model called ``model_name``.

    :raises NotFound: the model or the version does not exist.
    """
    row = None
    if can_match(model_name, version):
        key = rules.name_key(str(model_name))
        row = db.session.execute(VERSION_BY_LABEL, {"key": key, "version": str(version)}).first()
    if row is None:
        model = model_view(model_name)  # which of the two is missing decides the message
        raise NotFound(f"Model '{model.name}' has no version '{version}'.")
    return _version_views([row])[0]


def version_by_alias(model_name: str, alias: str) -> VersionView:
    """Return the version ``alias`` points at.

    :raises NotFound: the model or the alias does not exist.
    """
    row = None
    if can_match(model_name, alias):
        key = rules.name_key(str(model_name))
        row = db.session.execute(VERSION_BY_ALIAS, {"key": key, "alias": alias}).first()
    if row is None:
        model = model_view(model_name)  # which of the two is missing decides the message
        raise NotFound(f"Model '{model.name}' has no alias '{alias}'.")
    return _version_views([row])[0]


def highest_version(model_name: str) -> VersionView | None:
    """Return the model's highest version (MLflow's alias ``latest``), None when it has none.

    :raises NotFound: there is no such model.
    """
    row = None
    if can_match(model_name):
        row = db.session.execute(HIGHEST_VERSION, {"key": rules.name_key(str(model_name))}).first()
    if row is None:
        model_view(model_name)  # a missing model is an error, a model without versions is not
        return None
    return _version_views([row])[0]


def version_views(version_ids: list[int]) -> list[VersionView]:
    """Return the versions with these ids, in the order given (missing ids are left out)."""
    if not version_ids:
        return []
    rows = db.session.execute(VERSIONS_BY_ID, {"ids": version_ids}).all()
    by_id = {found.id: found for found in _version_views(rows)}
    return [by_id[version_id] for version_id in version_ids if version_id in by_id]


def latest_versions(model_ids: list[int]) -> dict[int, VersionSummary]:
    """Map each model id to its last created version, in one query."""
    if not model_ids:
        return {}
    rows = db.session.execute(LATEST_VERSIONS, {"ids": model_ids})
    return {row.model_id: VersionSummary(*row) for row in rows}


def highest_versions_per_stage(model_ids: list[int]) -> dict[int, list[VersionView]]:
    """Map each model id to its highest version in each stage (MLflow's "latest versions"),
    in stage order (None, Staging, Production, Archived)."""
    if not model_ids:
        return {}
    found: dict[int, list[VersionView]] = {model_id: [] for model_id in model_ids}
    rows = db.session.execute(HIGHEST_PER_STAGE, {"ids": model_ids}).all()
    for version in _version_views(rows):
        found[version.model_id].append(version)
    stage_order = {stage: index for index, stage in enumerate(rules.STAGES)}
    for versions in found.values():
        versions.sort(key=lambda version: stage_order.get(version.stage, len(stage_order)))
    return found


def _model_views(rows: list) -> list[ModelView]:
    ids = [row[0] for row in rows]
    tags: dict[int, dict[str, str]] = {model_id: {} for model_id in ids}
    aliases: dict[int, dict[str, str]] = {model_id: {} for model_id in ids}
    if ids:
        for owner, kind, key, value in db.session.execute(MODEL_LABELS, {"ids": ids}):
            (tags if kind == TAG else aliases)[owner][key] = value
    return [ModelView(*row, tags=tags[row[0]], aliases=aliases[row[0]]) for row in rows]


def _version_views(rows: list) -> list[VersionView]:
    ids = [row.id for row in rows]
    metrics: dict[int, dict[str, float]] = {version_id: {} for version_id in ids}
    tags: dict[int, dict[str, str]] = {version_id: {} for version_id in ids}
    aliases: dict[int, list[str]] = {version_id: [] for version_id in ids}
    if ids:
        for owner, kind, key, value, number in db.session.execute(VERSION_DETAILS, {"ids": ids}):
            if kind == TAG:
                tags[owner][key] = value
            elif kind == ALIAS:
                aliases[owner].append(key)
            else:
                metrics[owner][key] = number
    return [
        VersionView(
            *row, metrics=metrics[row.id], tags=tags[row.id], aliases=tuple(aliases[row.id])
        )
        for row in rows
    ]
