"""Searching the versions of every model: conditions, an order, and keyset pages."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..errors import ValidationFailed
from ..models import ModelVersion, RegisteredModel
from .query import Page, keyset_page
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
