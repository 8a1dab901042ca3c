"""The statements behind services.views, built once at import.

Building a SQLAlchemy statement costs more than running it on an indexed key, so the read
path runs prebuilt statements with bound parameters (``ids`` lists: see InList).
Details of many objects come back in one UNION ALL as (owner, kind, key, value, number) rows:
text in ``value``, metrics in ``number``, ordered by key (see _by_key).
"""

from sqlalchemy import (
    Boolean,
    Float,
    Integer,
    String,
    and_,
    any_,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, CompoundSelect, Select
from sqlalchemy.sql.visitors import InternalTraversal

from ..models import Alias, Metric, ModelTag, ModelVersion, RegisteredModel, VersionTag
from .rules import STAGES

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
# The kinds of detail one query brings back for many objects at once.
MODEL_TAG, MODEL_ALIAS, VERSION_TAG, VERSION_ALIAS, METRIC = range(5)
NO_NUMBER = cast(null(), Float)
# The constants of the details statements are written into their text: a bound value costs
# the driver path a step on every run, and these never change.
NO_TEXT = literal_column("''", String)


def _kind(kind: int) -> ColumnElement:
    return literal_column(str(kind), Integer)


class InList(ColumnElement):
    """``column`` is one of the ids bound as the list parameter ``name``.

    PostgreSQL gets ``= ANY(:name)``, one array parameter: the statement text stays the same
    whatever the list's length, so psycopg prepares it once (an expanding IN of 100 ids was
    re-rendered at every execution and never prepared: ~0.5 ms a statement on a 100-model
    page). SQLite has no arrays and gets the expanding IN.
    """

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True  # a condition as it is, not compared with true
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("name", InternalTraversal.dp_string),
    ]

    def __init__(self, column, name: str):
        self.column, self.name = column, name


@compiles(InList)
def _expanding_in(element: InList, compiler, **kw) -> str:
    return compiler.process(element.column.in_(bindparam(element.name, expanding=True)), **kw)


@compiles(InList, "postgresql")
def _any_of_array(element: InList, compiler, **kw) -> str:
    array = bindparam(element.name, type_=ARRAY(Integer))
    return compiler.process(element.column == any_(array), **kw)


# Which owners a details statement reads: a list, or just one (the plainest statement).
def _in_ids(column):
    return InList(column, "ids")


def _is_id(column):
    return column == bindparam("id")


def _by_key(*arms: Select) -> CompoundSelect:
    """The detail rows of ``arms``, ordered by key alone.

    Each (kind, owner) takes its keys in the order the rows come, so the key is all the order
    needs, and an arm read along its (owner, key) index is in that order already: SQLite merges
    the arms instead of sorting each one, as ordering by owner and kind too made it do (one
    model's details: 6.6 µs, now 5.4; a version's: 9.2, now 7.9).
    """
    return union_all(*arms).order_by("key")


def _model_details(owned) -> list:
    """Models' tags and aliases (alias → version label) as (owner, kind, key, value, number);
    ``owned(column)`` says which owners."""
    return [
        select(
            MODEL_TAGS.c.model_id.label("owner"),
            _kind(MODEL_TAG).label("kind"),
            MODEL_TAGS.c.key,
            MODEL_TAGS.c.value,
            NO_NUMBER.label("number"),
        ).where(owned(MODEL_TAGS.c.model_id)),
        select(
            ALIASES.c.model_id,
            _kind(MODEL_ALIAS),
            ALIASES.c.alias,
            VERSIONS.c.version,
            NO_NUMBER,
        )
        .join(VERSIONS, VERSIONS.c.id == ALIASES.c.version_id)
        .where(owned(ALIASES.c.model_id)),
    ]


def _version_details(owned) -> list:
    """Versions' tags, aliases and metrics as (owner, kind, key, value, number); ``owned(column)``
    says which owners."""
    return [
        select(
            VERSION_TAGS.c.version_id.label("owner"),
            _kind(VERSION_TAG).label("kind"),
            VERSION_TAGS.c.key,
            VERSION_TAGS.c.value,
            NO_NUMBER.label("number"),
        ).where(owned(VERSION_TAGS.c.version_id)),
        select(
            ALIASES.c.version_id, _kind(VERSION_ALIAS), ALIASES.c.alias, NO_TEXT, NO_NUMBER
        ).where(owned(ALIASES.c.version_id)),
        select(METRICS.c.version_id, _kind(METRIC), METRICS.c.key, NO_TEXT, METRICS.c.value).where(
            owned(METRICS.c.version_id)
        ),
    ]


# Built once: constructing a statement costs more than running it on an indexed key.
MODEL_BY_KEY = select(*MODEL_COLUMNS).where(MODELS.c.name_key == bindparam("key"))
_NEWEST = VERSIONS.alias("newest")
# The id of the last created version of the model of the enclosing statement: one probe down
# ix_model_versions_model_id_id however many versions the model has.
_NEWEST_OF_MODEL = (
    select(func.max(_NEWEST.c.id)).where(_NEWEST.c.model_id == MODELS.c.id).scalar_subquery()
)
# The model and its last created version in one statement: the commonest read of all.
MODEL_WITH_LATEST = (
    select(*MODEL_COLUMNS, *(column.label(f"latest_{column.name}") for column in SUMMARY_COLUMNS))
    .select_from(MODELS.outerjoin(VERSIONS, VERSIONS.c.id == _NEWEST_OF_MODEL))
    .where(MODELS.c.name_key == bindparam("key"))
)
MODEL_ID_BY_KEY = select(MODELS.c.id).where(MODELS.c.name_key == bindparam("key"))
MODELS_BY_ID = select(*MODEL_COLUMNS).where(_in_ids(MODELS.c.id))
MODEL_DETAILS = _by_key(*_model_details(_in_ids))
MODEL_DETAILS_OF_ONE = _by_key(*_model_details(_is_id))

VERSION_ROWS = select(*VERSION_COLUMNS).join(MODELS, MODELS.c.id == VERSIONS.c.model_id)
# Highest version first: the order of views.VERSION_ORDER, whose cursors the pages below take.
_HIGHEST_FIRST = (VERSIONS.c.sort_key.desc(), VERSIONS.c.id.desc())
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
VERSIONS_BY_ID = VERSION_ROWS.where(_in_ids(VERSIONS.c.id)).order_by(VERSIONS.c.id)
HIGHEST_VERSION = (
    VERSION_ROWS.where(MODELS.c.name_key == bindparam("key")).order_by(*_HIGHEST_FIRST).limit(1)
)
# Each model's latest version, looked up per model: an index probe each (its stage tops below:
# StageTops). Aggregating or ranking all of the models' versions took time in proportion to
# their count: for a model of 4,400 versions, 0.3 ms for its latest and 2.7 ms for its stage
# tops, against 0.03 and 0.05 ms.
LATEST_VERSIONS = select(*SUMMARY_COLUMNS).where(
    VERSIONS.c.id.in_(select(_NEWEST_OF_MODEL).select_from(MODELS).where(_in_ids(MODELS.c.id)))
)
_IN_STAGE = VERSIONS.alias("in_stage")


def _top_of_stage(stage: str, model_id=MODELS.c.id):
    """The id of the highest version in ``stage`` of the model ``model_id`` (by default the
    model of the enclosing statement): one probe down ix_model_versions_model_id_stage_sort_key."""
    return (
        select(_IN_STAGE.c.id)
        .where(_IN_STAGE.c.model_id == model_id, _IN_STAGE.c.stage == stage)
        .order_by(_IN_STAGE.c.sort_key.desc(), _IN_STAGE.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


class StageTops(ColumnElement):
    """Joins each model (``model_id``) to its highest version of each stage (``version_id``),
    for models bound as the list parameter ``name``.

    SQLite probes the index once per model and stage: the same work whatever the models' sizes.
    PostgreSQL has no skip scan, and those probes cost it twice as much as reading the models'
    versions once down the same index and keeping the first of each model and stage (DISTINCT
    ON): 1.4-1.8 ms against 0.7 ms for a page of 100 models with 3 versions each. That read grows
    with a model's versions, but only along the index.
    """

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True
    _traverse_internals = [
        ("model_id", InternalTraversal.dp_clauseelement),
        ("version_id", InternalTraversal.dp_clauseelement),
        ("name", InternalTraversal.dp_string),
    ]

    def __init__(self, model_id, version_id, name: str):
        self.model_id, self.version_id, self.name = model_id, version_id, name


@compiles(StageTops)
def _probed_tops(element: StageTops, compiler, **kw) -> str:
    tops = [_top_of_stage(stage, element.model_id) for stage in STAGES]
    return compiler.process(element.version_id.in_(tops), **kw)


@compiles(StageTops, "postgresql")
def _first_of_each_stage(element: StageTops, compiler, **kw) -> str:
    tops = (
        select(_IN_STAGE.c.id)
        .where(InList(_IN_STAGE.c.model_id, element.name))
        .ext(distinct_on(_IN_STAGE.c.model_id, _IN_STAGE.c.stage))
        .order_by(
            _IN_STAGE.c.model_id.desc(),
            _IN_STAGE.c.stage.desc(),
            _IN_STAGE.c.sort_key.desc(),
            _IN_STAGE.c.id.desc(),
        )
    )
    versions_model = element.version_id.table.c.model_id
    joined = and_(versions_model == element.model_id, element.version_id.in_(tops))
    return compiler.process(joined, **kw)


HIGHEST_PER_STAGE = (
    select(*VERSION_COLUMNS)
    .select_from(MODELS.join(VERSIONS, StageTops(MODELS.c.id, VERSIONS.c.id, "ids")))
    .where(_in_ids(MODELS.c.id))
)
VERSION_DETAILS = _by_key(*_version_details(_in_ids))


def _page_of_model(*conditions) -> Select:
    """The ids of one page of a model's versions, highest first."""
    return (
        select(VERSIONS.c.id)
        .where(VERSIONS.c.model_id == bindparam("model_id"), *conditions)
        .order_by(*_HIGHEST_FIRST)
        .limit(bindparam("limit"))
    )


# A page of a model's versions (the first, or the one after a cursor's sort values), with each
# row's sort key last, and their details: fixed statements found by the model, not by a list
# of ids, so that they run on the driver connection on SQLite too.
_AFTER = tuple_(VERSIONS.c.sort_key, VERSIONS.c.id) < tuple_(
    bindparam("after_key"), bindparam("after_id")
)
VERSIONS_PAGE, VERSIONS_PAGE_AFTER = (
    VERSION_ROWS.add_columns(VERSIONS.c.sort_key)
    .where(VERSIONS.c.id.in_(_page_of_model(*after)))
    .order_by(*_HIGHEST_FIRST)
    for after in ((), (_AFTER,))
)
VERSION_DETAILS_OF_PAGE, VERSION_DETAILS_OF_PAGE_AFTER = (
    _by_key(*_version_details(lambda column, after=after: column.in_(_page_of_model(*after))))
    for after in ((), (_AFTER,))
)
VERSION_DETAILS_OF_ONE = _by_key(*_version_details(_is_id))

# MLflow's model read: the model with its highest version of each stage, then every detail of
# both in a second statement.
MODEL_WITH_STAGE_TOPS = (
    select(*MODEL_COLUMNS, *VERSION_COLUMNS)
    .select_from(
        MODELS.outerjoin(VERSIONS, VERSIONS.c.id.in_([_top_of_stage(stage) for stage in STAGES]))
    )
    .where(MODELS.c.name_key == bindparam("key"))
)
# The tops the first statement found, one parameter each: a model has at most one per stage.
# A statement per number of tops, so that none needs a list parameter and the commonest, one
# top, compares with = (an IN list padded with NULLs took twice as long: 19 µs, now 10).
TOP_IDS = tuple(f"top_{index}" for index in range(len(STAGES)))


def _one_of(names: tuple[str, ...]):
    """Which owners: those bound as the parameters ``names``."""

    def owned(column):
        if len(names) == 1:
            return column == bindparam(names[0])
        return column.in_([bindparam(name) for name in names])

    return owned


# Indexed by the number of tops: the model's details, and its tops' (none: the model's alone).
MODEL_AND_TOPS_DETAILS = (MODEL_DETAILS_OF_ONE,) + tuple(
    _by_key(*_model_details(_is_id), *_version_details(_one_of(TOP_IDS[:count])))
    for count in range(1, len(STAGES) + 1)
)
