"""Rows kept by key under their owner (model tags, version tags, metrics): set, remove, replace."""

from collections.abc import Mapping
from typing import Any


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
