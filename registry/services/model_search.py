"""Lists of registered models: filter, sort, count and page them, each with its latest version."""

from dataclasses import dataclass

from sqlalchemy import Select, exists, func, select

from ..errors import ValidationFailed
from ..extensions import db
from ..models import Alias, ModelTag, ModelVersion, RegisteredModel
from . import narrowing, rules, views
from .query import Page, keyset_rows
from .search import Condition, model_conditions, name_pattern_ids, text_index_ids, text_scan
from .views import ModelView, VersionSummary

MODEL_SORTS = {
    "name": [(RegisteredModel.name_key, False), (RegisteredModel.id, False)],
    "-name": [(RegisteredModel.name_key, True), (RegisteredModel.id, True)],
    "updated": [(RegisteredModel.updated_at, False), (RegisteredModel.id, False)],
    "-updated": [(RegisteredModel.updated_at, True), (RegisteredModel.id, True)],
    "created": [(RegisteredModel.created_at, False), (RegisteredModel.id, False)],
    "-created": [(RegisteredModel.created_at, True), (RegisteredModel.id, True)],
}


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


@dataclass(frozen=True, slots=True)
class ModelListing:
    """A model as a list shows it: the model and its latest (last created) version."""

    model: ModelView
    latest: VersionSummary | None


def list_models(
    model_filter: ModelFilter = ModelFilter(), limit: int = 50, cursor: str | None = None
) -> Page[ModelListing]:
    """Return one page of models matching ``model_filter``, each with its latest version.

    :raises ValidationFailed: the sort or a filter is bad.
    :raises InvalidCursor: the cursor is malformed or belongs to another query.
    """
    page = list_model_ids(model_filter, limit, cursor)
    latest = views.latest_versions(page.items)
    found = views.model_views(page.items)
    return Page([ModelListing(model, latest.get(model.id)) for model in found], page.next_cursor)


def list_model_ids(
    model_filter: ModelFilter = ModelFilter(), limit: int = 50, cursor: str | None = None
) -> Page[int]:
    """Return the ids of one page of models matching ``model_filter``, in its order.

    Only the sort keys are read (no ORM objects): the caller loads the page's views by id.

    :raises ValidationFailed: the sort or a filter is bad.
    :raises InvalidCursor: the cursor is malformed or belongs to another query.
    """
    order = MODEL_SORTS.get(model_filter.sort)
    if order is None:
        raise ValidationFailed([("sort", f"Sort must be one of: {', '.join(MODEL_SORTS)}.")])
    clauses, _ = _filter_parts(model_filter)
    statement = select(*(column for column, _ in order)).where(*clauses)
    page = keyset_rows(
        statement, order, limit=limit, cursor=cursor, bound_to=("models", model_filter)
    )
    return Page([row[-1] for row in page.items], page.next_cursor)


def count_models(model_filter: ModelFilter = ModelFilter(), at_most: int | None = None) -> int:
    """Count the models matching ``model_filter``.

    :param at_most: stop counting past this many and return ``at_most + 1`` ("more than"):
        counting every match of a common filter reads every row, which a large registry's list
        page cannot afford.
    """
    clauses, undriven = _filter_parts(model_filter)
    matching = select(RegisteredModel.id).where(*clauses)
    if at_most is not None:
        if undriven:
            # No filter allowed few models (SQLite): a count that stops at the cap gets there
            # soonest from a filter's own index; along the ids it may test thousands first.
            ids = undriven[0].subquery()
            owner = exists().where(RegisteredModel.id == ids.c[0], *clauses)
            matching = select(ids.c[0]).distinct().where(owner)
        matching = matching.limit(at_most + 1)
    return db.session.scalar(select(func.count()).select_from(matching.subquery())) or 0


def _check_filter(model_filter: ModelFilter) -> None:
    checker = rules.Checker()
    checker.add("q", rules.text_problem("Search", model_filter.q, rules.NAME_MAX))
    checker.add(
        "framework", rules.text_problem("Framework", model_filter.framework, rules.FRAMEWORK_MAX)
    )
    checker.add("alias", rules.text_problem("Alias", model_filter.alias, rules.ALIAS_MAX))
    for key, value in model_filter.tags:
        checker.add("tag", rules.text_problem("Tag key", key, rules.TAG_KEY_MAX))
        if value is not None:
            checker.add("tag", rules.text_problem("Tag value", value, rules.TAG_VALUE_MAX))
    checker.raise_if_failed()


def _filter_parts(model_filter: ModelFilter) -> tuple[list, list[Select]]:
    """The WHERE clauses for ``model_filter``, and the candidate ids of each filter an index
    answers when none of them drives the query (SQLite; else empty)."""
    _check_filter(model_filter)
    clauses = model_conditions(model_filter.conditions)
    # For each filter an index answers, the ids it allows. A substring index's ids drive the
    # query on either database: PostgreSQL's per-value statistics cannot tell that matches
    # cluster (a common prefix), and a walk along the sort order past the last of them reads
    # every row left (each search's last page).
    patterns = [
        (index, ids)
        for index, ids in enumerate(map(name_pattern_ids, model_filter.conditions))
        if ids is not None
    ]
    candidates = []
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
        found = None if indexed is None else narrowing.few_ids(indexed, narrowing.FEW_TEXTS)
        if found is not None:
            # The text index allows few models: they drive the query.
            return [*clauses, narrowing.among(found)], []
        # A frequent text: testing it row by row along the sort order finds a page soonest.
        clauses.append(text_scan(needle))
    if narrowing.applies():
        candidates = [ids for _, ids in patterns] + candidates
        driver = narrowing.narrowest(candidates)
        if driver is not None:
            return [*clauses, driver], []
        return clauses, candidates
    # PostgreSQL: a pattern's ids are exactly its matches, so they replace its clause, which the
    # planner would otherwise serve with the same trigram scan again (it underrates its cost).
    for index, ids in patterns:
        found = narrowing.few_ids(ids)
        if found is not None:
            clauses[index] = narrowing.among(found)
            break
    return clauses, []
