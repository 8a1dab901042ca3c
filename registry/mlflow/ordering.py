"""``order_by`` and ``max_results`` of the two searches, worded as MLflow's server words them."""

from typing import Any

from .wire import integer, invalid

MODEL_MAX_RESULTS = 1000
MODEL_DEFAULT_RESULTS = 100
VERSION_MAX_RESULTS = 200_000
# Clients may ask for up to 200,000 versions a page; we serve at most this many and hand
# back a page token for the rest, which the client follows like any other.
VERSION_PAGE_CAP = 1000

# Both timestamp keys sort models by their last update, as MLflow's SQL store does.
MODEL_ORDER_KEYS = {"name": "name", "timestamp": "updated", "last_updated_timestamp": "updated"}
VERSION_ORDER_KEYS = {
    "name": "name",
    "version_number": "version",
    "creation_timestamp": "created",
    "last_updated_timestamp": "updated",
}
DEFAULT_VERSION_ORDER = (("updated", True), ("name", False), ("version", True))


def max_results(fields: dict[str, Any], default: int, maximum: int) -> int:
    """The requested page size: a positive integer no larger than ``maximum``."""
    size = integer(fields, "max_results", default)
    if size < 1:
        raise invalid(
            f"Invalid value for max_results. It must be a positive integer, but got {size}"
        )
    if size > maximum:
        raise invalid(
            "Invalid value for request parameter max_results. It must be at most "
            f"{maximum}, but got value {size}"
        )
    return size


def model_sort(order_by: list[str]) -> str:
    """The services' model sort for MLflow ``order_by`` clauses (default: name ascending).

    The first key decides; a later key only breaks ties, and names are unique and
    timestamps are microseconds, so ties do not occur.
    """
    parsed = _parse_all(order_by, MODEL_ORDER_KEYS, "'{'name', 'timestamp'}'")
    if not parsed:
        return "name"
    column, descending = parsed[0]
    return ("-" if descending else "") + column


def version_order(order_by: list[str]) -> tuple[tuple[str, bool], ...]:
    """The services' version order for MLflow ``order_by`` clauses, with MLflow's tiebreaks
    (name ascending, then version descending); none given means last updated first."""
    if not order_by:
        return DEFAULT_VERSION_ORDER
    valid = "{" + ", ".join(repr(key) for key in sorted(VERSION_ORDER_KEYS)) + "}"
    order = _parse_all(order_by, VERSION_ORDER_KEYS, valid, allow_prefix=True)
    columns = {column for column, _ in order}
    if "name" not in columns:
        order.append(("name", False))
    if "version" not in columns:
        order.append(("version", True))
    return tuple(order)


def _parse_all(
    order_by: list[str], keys: dict[str, str], valid: str, allow_prefix: bool = False
) -> list[tuple[str, bool]]:
    order: list[tuple[str, bool]] = []
    for clause in order_by:
        key, descending = _parse_clause(clause, allow_prefix)
        if key not in keys:
            raise invalid(f"Invalid order by key '{key}' specified. Valid keys are {valid}")
        column = keys[key]
        if column in {seen for seen, _ in order}:
            raise invalid(f"`order_by` contains duplicate fields: {order_by}")
        order.append((column, descending))
    return order


def _parse_clause(clause: str, allow_prefix: bool) -> tuple[str, bool]:
    words = clause.split()
    if not words or len(words) > 2:
        raise invalid(f"Invalid order_by clause '{clause}'. Could not be parsed.")
    key = words[0].replace("`", "")
    if allow_prefix and key.startswith("attribute."):
        key = key[len("attribute.") :]
    if len(words) == 2 and words[1].lower() not in ("asc", "desc"):
        raise invalid(f"Invalid ordering key in order_by clause '{clause}'.")
    return key, len(words) == 2 and words[1].lower() == "desc"
