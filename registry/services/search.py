"""Structured search conditions and how they become SQL.

Doors translate their own filter syntax (query parameters, MLflow's filter grammar) into
``Condition`` objects; the SQL for them lives only here.
"""

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, exists, func, literal_column, not_, or_, select, text

from ..errors import ValidationFailed
from ..extensions import db
from ..models import ModelTag, ModelVersion, RegisteredModel, VersionTag
from . import rules

STRING_OPS = ("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN")
NUMBER_OPS = ("=", "!=", "<", "<=", ">", ">=")
# MLflow marks prompts with this tag; a model without it counts as "not a prompt".
PROMPT_TAG = "mlflow.prompt.is_prompt"


@dataclass(frozen=True)
class Condition:
    """``field op value``: field is an attribute name or ``tag:<key>``; IN takes a tuple."""

    field: str
    op: str
    value: str | int | tuple[str, ...]


def text_index_ids(needle: str) -> Select | None:
    """Select the ids of the models whose name or description contains ``needle``.

    They come from a substring index: SQLite's FTS5 trigram table, or PostgreSQL's pg_trgm
    indexes (the test itself, which a bitmap scan of them answers); None where no index
    can answer (under 3 characters).
    """
    # Normalising may shorten the text ("e" + a combining accent is one "é"): both forms need
    # the trigram's three characters, or the index would miss names that do contain it.
    name_part = rules.name_key(needle)
    if min(len(needle), len(name_part)) < 3:
        return None
    if db.engine.dialect.name != "sqlite":
        return select(RegisteredModel.id).where(text_scan(needle))
    query = f'name_key:"{_fts_quote(name_part)}" OR description:"{_fts_quote(needle)}"'
    return (
        select(literal_column("rowid"))
        .select_from(text("registered_models_fts"))
        .where(text("registered_models_fts MATCH :query").bindparams(query=query))
    )


def text_scan(needle: str) -> ColumnElement[bool]:
    """Match models whose name or description contains ``needle``, ignoring case, row by row.

    It suits a walk along the sort order that finds matches often (a frequent text).
    """
    return or_(
        RegisteredModel.name_key.contains(rules.name_key(needle), autoescape=True),
        func.lower(RegisteredModel.description).contains(needle.lower(), autoescape=True),
    )


def name_pattern_ids(condition: Condition) -> Select | None:
    """Select the ids of the models whose name may satisfy a ``name`` =, LIKE or ILIKE condition.

    They come from a substring index: SQLite's FTS5 trigram table (case-insensitive, so a
    superset of the matches: the condition itself still decides), or PostgreSQL's pg_trgm
    index on the name as typed (= and LIKE); None when no index can help (other fields or
    operators, or no run of 3 characters without wildcards).
    """
    if condition.field != "name" or not isinstance(condition.value, str):
        return None
    sqlite = db.engine.dialect.name == "sqlite"
    if condition.op not in (("=", "LIKE", "ILIKE") if sqlite else ("=", "LIKE")):
        return None
    pattern = condition.value
    pieces = [pattern] if condition.op == "=" else re.split(r"[%_]", pattern)
    longest = max(pieces, key=len)
    if len(longest) < 3:
        return None
    if not sqlite:
        return select(RegisteredModel.id).where(_model_clause(condition))
    return (
        select(literal_column("rowid"))
        .select_from(text("registered_models_fts"))
        .where(
            text("registered_models_fts MATCH :query").bindparams(
                query=f'name:"{_fts_quote(longest)}"'
            )
        )
    )


def _fts_quote(phrase: str) -> str:
    return phrase.replace('"', '""')


def model_conditions(conditions: tuple[Condition, ...]) -> list[ColumnElement[bool]]:
    """Compile conditions on registered models (``name`` and model tags) to SQL."""
    return [_model_clause(condition) for condition in conditions]


def version_conditions(conditions: tuple[Condition, ...]) -> list[ColumnElement[bool]]:
    """Compile conditions on versions (name, run_id, source, version_number, tags) to SQL."""
    return [_version_clause(condition) for condition in conditions]


def _model_clause(condition: Condition) -> ColumnElement[bool]:
    if condition.field == "name":
        return _compare(RegisteredModel.name, condition)
    if condition.field.startswith("tag:"):
        key = condition.field[4:]
        return _tag_clause(ModelTag, ModelTag.model_id == RegisteredModel.id, key, condition)
    raise ValidationFailed([("filter", f"Cannot filter models by '{condition.field}'.")])


def _version_clause(condition: Condition) -> ColumnElement[bool]:
    columns = {
        "name": RegisteredModel.name,
        "run_id": ModelVersion.run_id,
        "source": ModelVersion.source,
    }
    if condition.field in columns:
        return _compare(columns[condition.field], condition)
    if condition.field == "version_number":
        return _compare_number(ModelVersion.number, condition)
    if condition.field.startswith("tag:"):
        key = condition.field[4:]
        return _tag_clause(VersionTag, VersionTag.version_id == ModelVersion.id, key, condition)
    raise ValidationFailed([("filter", f"Cannot filter versions by '{condition.field}'.")])


def _tag_clause(tag_table, owner_match, key: str, condition: Condition) -> ColumnElement[bool]:
    rules.require("filter", rules.text_problem("A filter's tag key", key, rules.TAG_KEY_MAX))
    if condition.op in ("IN", "NOT IN"):
        raise ValidationFailed([("filter", f"Operator {condition.op} is not supported for tags.")])
    if key == PROMPT_TAG and (condition.op, condition.value) in (("!=", "true"), ("=", "false")):
        has_true = exists(
            select(tag_table.id).where(owner_match, tag_table.key == key, tag_table.value == "true")
        )
        return not_(has_true)
    return exists(
        select(tag_table.id).where(
            owner_match, tag_table.key == key, _compare(tag_table.value, condition)
        )
    )


def _compare(column, condition: Condition) -> ColumnElement[bool]:
    op, value = condition.op, condition.value
    for text_value in value if isinstance(value, tuple) else (value,):
        rules.require("filter", rules.text_problem("A filter value", text_value, 5000))
    if op in ("IN", "NOT IN"):
        if not isinstance(value, tuple) or not value:
            raise ValidationFailed([("filter", f"{op} needs a non-empty list of values.")])
        return column.in_(value) if op == "IN" else column.not_in(value)
    if not isinstance(value, str):
        raise ValidationFailed([("filter", f"'{condition.field}' compares with a quoted string.")])
    if op == "=":
        return column == value
    if op == "!=":
        return column != value
    if op == "LIKE":
        return _like(column, value)
    if op == "ILIKE":
        return func.lower(column).like(value.lower())
    raise ValidationFailed([("filter", f"Operator {op} is not supported for '{condition.field}'.")])


def _like(column, pattern: str) -> ColumnElement[bool]:
    # LIKE is case-sensitive in MLflow and PostgreSQL but not in SQLite, whose GLOB is.
    if db.engine.dialect.name != "sqlite":
        return column.like(pattern)
    glob = "".join(_GLOB_FOR_LIKE.get(char, char) for char in pattern)
    return column.op("GLOB")(glob)


_GLOB_FOR_LIKE = {"%": "*", "_": "?", "*": "[*]", "?": "[?]", "[": "[[]"}


def _compare_number(column, condition: Condition) -> ColumnElement[bool]:
    value = condition.value
    if condition.op not in NUMBER_OPS or isinstance(value, tuple | str):
        raise ValidationFailed([("filter", "version_number compares with an integer.")])
    # Stored numbers lie in 0..MAX_VERSION_NUMBER: a number outside compares with every one of
    # them as its nearest bound outside does, and the database's integer column can take that.
    value = min(max(value, -1), rules.MAX_VERSION_NUMBER + 1)
    return {
        "=": column == value,
        "!=": column != value,
        "<": column < value,
        "<=": column <= value,
        ">": column > value,
        ">=": column >= value,
    }[condition.op]
