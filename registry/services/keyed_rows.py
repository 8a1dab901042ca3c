"""Rows kept by key under their owner (model tags, version tags, metrics): set, remove, replace.

Two forms: on an ORM object's loaded list (the version edits), and with prebuilt Core
statements on the table itself (the hot model writes, see services.model_rows).
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update

from ..models import Metric, ModelTag, VersionTag
from .unit import execute


class KeyedTable:
    """A table of (owner, key, value) rows, with its statements built once."""

    def __init__(self, table: Table, owner: str) -> None:
        self.owner = owner
        column = table.c[owner]
        self.select_all = (
            select(table.c.key, table.c.value)
            .where(column == bindparam("owner"))
            .order_by(table.c.key)
        )
        self.select_one = select(table.c.value).where(
            column == bindparam("owner"), table.c.key == bindparam("k")
        )
        self.insert = insert(table)
        self.update = (
            update(table)
            .where(column == bindparam("owner"), table.c.key == bindparam("k"))
            .values(value=bindparam("v"))
        )
        self.delete = delete(table).where(
            column == bindparam("owner"), table.c.key == bindparam("k")
        )

    def values_of(self, owner_id: int) -> dict[str, Any]:
        """Return the owner's rows as key -> value, keys in order."""
        return dict(execute(self.select_all, {"owner": owner_id}).all())

    def add(self, owner_id: int, values: Mapping[str, Any]) -> None:
        """Insert a row for each key of ``values`` (none of which the owner has)."""
        if values:
            rows = [{self.owner: owner_id, "key": k, "value": v} for k, v in values.items()]
            execute(self.insert, rows)

    def set(self, owner_id: int, key: str, value: Any) -> Any | None:
        """Set the row of ``key`` to ``value``, adding one; return the previous value."""
        previous = execute(self.select_one, {"owner": owner_id, "k": key}).scalar()
        if previous is None:
            self.add(owner_id, {key: value})
        elif previous != value:
            execute(self.update, {"owner": owner_id, "k": key, "v": value})
        return previous

    def remove(self, owner_id: int, key: str) -> Any | None:
        """Remove the row of ``key``; return its value, or None when there was none."""
        previous = execute(self.select_one, {"owner": owner_id, "k": key}).scalar()
        if previous is not None:
            execute(self.delete, {"owner": owner_id, "k": key})
        return previous

    def replace(
        self, owner_id: int, current: Mapping[str, Any], wanted: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Make the owner's rows (now ``current``) hold exactly ``wanted``; return them.

        The result lists kept keys in ``current``'s order, then new ones in ``wanted``'s.
        """
        kept = {key: wanted[key] for key in current if key in wanted}
        for key in current:
            if key not in wanted:
                execute(self.delete, {"owner": owner_id, "k": key})
            elif current[key] != wanted[key]:
                execute(self.update, {"owner": owner_id, "k": key, "v": wanted[key]})
        new = {key: value for key, value in wanted.items() if key not in current}
        self.add(owner_id, new)
        return {**kept, **new}


MODEL_TAGS = KeyedTable(ModelTag.__table__, "model_id")
VERSION_TAGS = KeyedTable(VersionTag.__table__, "version_id")
METRICS = KeyedTable(Metric.__table__, "version_id")


def set_keyed_row(rows: list, key: str, value: Any, row_class) -> Any | None:
    """Set the row of ``key`` in ``rows`` to ``value``, adding one; return the previous value."""
    row = next((row for row in rows if row.key == key), None)
    if row is None:
        rows.append(row_class(key=key, value=value))
        return None
    previous, row.value = row.value, value
    return previous


def remove_keyed_row(rows: list, key: str) -> Any | None:
    """Remove the row of ``key`` from ``rows``; return its value, or None when there was none."""
    row = next((row for row in rows if row.key == key), None)
    if row is None:
        return None
    rows.remove(row)
    return row.value


def sync_keyed_rows(rows: list, wanted: Mapping[str, Any], row_class) -> None:
    """Make ``rows`` hold exactly ``wanted`` (key -> value), keeping the rows of kept keys."""
    # Update rows in place rather than replace them: a flush inserts before it deletes, so a
    # new row with an old row's key would break the (owner, key) unique constraint.
    wanted = dict(wanted)
    for row in list(rows):
        if row.key in wanted:
            row.value = wanted.pop(row.key)
        else:
            rows.remove(row)
    rows.extend(row_class(key=key, value=value) for key, value in wanted.items())
