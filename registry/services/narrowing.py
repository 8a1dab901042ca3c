"""Reading a filtered model list from the few models a filter allows, or from the sort order.

SQLite plans a query once for every value, without per-value statistics. "Models with a
version in framework X, by name" walks the name index and probes each model: instant when X is
common (the first page fills at once), a full scan when X is rare. Driving the query from the
filter's own index is the reverse. So each filter that has an index is first asked, with a
bound, how many models it allows; the first that allows few drives the query (its
ids are read and sorted, at most FEW of them), else the sort order does.

PostgreSQL keeps per-value statistics and makes this choice itself for these filters: it gets
the plain query. Not for a substring (a text search, a name pattern): its matches may cluster
in the sort order, so a walk of it can read far past them, most of all on a search's last
page (past the last match, to the very end); there the substring index drives on both.
"""

import json

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    any_,
    bindparam,
    func,
    null,
    select,
    union_all,
)

from ..extensions import db
from ..models import Alias, ModelTag, ModelVersion, RegisteredModel

# Up to this many candidate ids, a filter drives the query. Measured at 100,000 models: reading
# and sorting a candidate costs about 3 µs, walking the sort order about 0.3-0.5 µs a model, so
# the two ways cost alike (~3 ms) near a thousand matches; either way a page stays cheap.
FEW = 1000
# A text's candidates come cheaper (about 1.6 µs: no index probe) and testing a text row by row
# dearer (about 3 µs: the description is read); and texts often match names that sort together
# (a common prefix), which a walk can only reach by passing everything before them.
FEW_TEXTS = 5000


def applies() -> bool:
    """Say whether lists are narrowed here (SQLite) rather than by the database's planner
    (substring filters aside)."""
    return db.engine.dialect.name == "sqlite"


def few_ids(ids: Select, few: int | None = None) -> list[int] | None:
    """Return what ``ids`` selects if that is at most ``few`` (default FEW) rows, else None.

    One statement reads at most one row more, and sends the rows back only when they are few.
    The caller passes the ids on (``among``) rather than the query: PostgreSQL's trigram
    index costs milliseconds a scan, which it would pay twice.
    """
    few = FEW if few is None else few
    bounded = ids.limit(few + 1).cte("candidates")
    counted = select(func.count()).select_from(bounded).scalar_subquery()
    # The count comes as the one row without an id (ids are never NULL).
    rows = db.session.execute(
        union_all(
            select(counted, null()),
            select(null(), bounded.c[0]).where(counted <= few),
        )
    ).all()
    found = [model_id for _, model_id in rows if model_id is not None]
    count = next(count for count, model_id in rows if model_id is None)
    return found if count <= few else None


def framework_ids(framework: str) -> Select:
    """Select the ids of the models having a version in ``framework`` (from its index)."""
    return select(ModelVersion.model_id).where(ModelVersion.framework == framework)


def tag_ids(key: str, value: str | None) -> Select:
    """Select the ids of the models with tag ``key`` (set to ``value`` unless it is None)."""
    match = [ModelTag.key == key]
    if value is not None:
        match.append(ModelTag.value == value)
    return select(ModelTag.model_id).where(*match)


def alias_ids(alias: str) -> Select:
    """Select the ids of the models having the alias ``alias``."""
    return select(Alias.model_id).where(Alias.alias == alias)


def narrowest(candidates: list[Select]) -> ColumnElement[bool] | None:
    """Return ``among`` the ids of the first of ``candidates`` that allows few models, else None.

    The caller keeps its own clause for every filter: this one only steers the plan.
    """
    for ids in candidates:
        found = few_ids(ids)
        if found is not None:
            return among(found)
    return None


def among(model_ids: list[int]) -> ColumnElement[bool]:
    """Match the models with these ids, passed as one parameter however many there are.

    The planner must read them by id and sort them. Told how many ids there are, or given
    ``id IN (subquery)``, PostgreSQL may instead walk the sort order and test each model, which
    reads every row between clustered matches (and past the last one). So it gets
    ``id = ANY(ARRAY(SELECT unnest(:ids)))``: an array computed apart, taken for a few rows.
    (One parameter: a thousand placeholders would cost more to render than to run.)
    """
    if applies():
        listed = func.json_each(bindparam(None, json.dumps(model_ids))).table_valued("value")
        return RegisteredModel.id.in_(select(listed.c.value))
    listed = select(func.unnest(bindparam(None, model_ids, type_=ARRAY(Integer))))
    return RegisteredModel.id == any_(func.array(listed.scalar_subquery()))
