"""Searching the versions of every model: conditions, an order, and keyset pages."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..errors import ValidationFailed
from ..models import ModelVersion, RegisteredModel
from .query import Order, Page, keyset_page, keyset_rows
from .search import Condition, version_conditions

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


def search_versions(
    version_filter: VersionFilter = VersionFilter(), limit: int = 100, cursor: str | None = None
) -> Page:
    """Return one page of versions of any model matching ``version_filter``.

    :raises ValidationFailed: an order column is unknown or repeated, or a condition is bad.
    :raises InvalidCursor: the cursor is malformed or belongs to another query.
    """
    order = _order(version_filter)
    columns = [column for column, _ in version_filter.order]
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


def search_version_ids(
    version_filter: VersionFilter = VersionFilter(), limit: int = 100, cursor: str | None = None
) -> Page[int]:
    """Return the ids of one page of versions matching ``version_filter``, in its order.

    Only the sort keys are read (no ORM objects): the caller loads the page's views by id.
    Its cursors are search_versions' own.

    :raises ValidationFailed: an order column is unknown or repeated, or a condition is bad.
    :raises InvalidCursor: the cursor is malformed or belongs to another query.
    """
    order = _order(version_filter)
    statement = (
        select(*(column for column, _ in order))
        .select_from(ModelVersion)
        .join(RegisteredModel)
        .where(*version_conditions(version_filter.conditions))
    )
    page = keyset_rows(
        statement, order, limit=limit, cursor=cursor, bound_to=("versions", version_filter)
    )
    return Page([row[-1] for row in page.items], page.next_cursor)


def _order(version_filter: VersionFilter) -> Order:
    columns = [column for column, _ in version_filter.order]
    if len(set(columns)) != len(columns) or not set(columns) <= set(VERSION_SORT_COLUMNS):
        raise ValidationFailed([("order_by", "Order columns must be distinct and known.")])
    order = [(VERSION_SORT_COLUMNS[column], desc) for column, desc in version_filter.order]
    order.append((ModelVersion.id, False))
    return order
