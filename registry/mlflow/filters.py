"""MLflow's search filter grammar, compiled to the services' search Conditions.

A filter is ``comparison AND comparison ...``; a comparison is ``key op value`` where the key
is an attribute (optionally ``attribute.``-prefixed) or ``tag.<key>`` / ``tags.<key>``, keys
may be backticked, values are single-quoted strings, numbers (``version_number``) or a
parenthesised list of strings (``IN`` / ``NOT IN``). There is no OR, NOT or parentheses.
Error messages follow MLflow's server.
"""

import re
from dataclasses import dataclass

from registry.services.search import PROMPT_TAG, Condition

from .wire import invalid

STRING_OPS = ("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN")
TAG_OPS = ("=", "!=", "LIKE", "ILIKE")
NUMBER_OPS = ("=", "!=", "<", "<=", ">", ">=")
ENTITY_TYPES = ("attribute", "tag", "tags")
KEYWORDS = ("AND", "OR", "NOT", "LIKE", "ILIKE", "IN")


@dataclass(frozen=True)
class Grammar:
    """What one search accepts: MLflow attribute key -> our field, and which keys take what."""

    attributes: dict[str, str]
    list_keys: tuple[str, ...]
    numeric_keys: tuple[str, ...] = ()


MODEL_GRAMMAR = Grammar(attributes={"name": "name"}, list_keys=("name",))
VERSION_GRAMMAR = Grammar(
    attributes={
        "name": "name",
        "run_id": "run_id",
        "source_path": "source",
        "version_number": "version_number",
    },
    list_keys=("name", "run_id"),
    numeric_keys=("version_number",),
)

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<string>'(?:''|\\.|[^'\\])*')
    | (?P<quoted>"(?:""|\\.|[^"\\])*")
    | (?P<number>[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)
    | (?P<operator>!=|<=|>=|=|<|>)
    | (?P<punctuation>[(),])
    | (?P<word>(?:`[^`]*`|[A-Za-z_]\w*)(?:\.(?:`[^`]*`|"[^"]*"|\w+))*)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    """One lexical piece of a filter: its kind (a group name of _TOKEN) and its text."""

    kind: str
    text: str

    def is_keyword(self, *words: str) -> bool:
        """Tell whether this is one of the keywords ``words`` (in any case)."""
        return self.kind == "word" and self.text.upper() in words


def parse(filter_string: str, grammar: Grammar) -> tuple[Condition, ...]:
    """Compile an MLflow filter string to Conditions (an empty filter gives none).

    :raises MlflowError: INVALID_PARAMETER_VALUE, worded as MLflow words it.
    """
    if not filter_string or not filter_string.strip():
        return ()
    tokens = _tokenize(filter_string)
    conditions = []
    position = 0
    while True:
        condition, position = _comparison(tokens, position, grammar, filter_string)
        conditions.append(condition)
        if position == len(tokens):
            return tuple(conditions)
        if not tokens[position].is_keyword("AND"):
            raise invalid(f"Invalid clause(s) in filter string: {tokens[position].text}")
        position += 1


def exclude_prompts_unless_asked(conditions: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """Add MLflow's default "no prompts" condition unless the filter asks for prompts."""
    field = "tag:" + PROMPT_TAG
    for condition in conditions:
        if condition.field != field or not isinstance(condition.value, str):
            continue
        value = condition.value.lower()
        if (condition.op, value) in (("=", "true"), ("!=", "false")):
            return conditions
        if (condition.op, value) in (("!=", "true"), ("=", "false")):
            return conditions  # already excludes prompts
    return (*conditions, Condition(field, "!=", "true"))


def _tokenize(filter_string: str) -> list[Token]:
    tokens = []
    position = 0
    while position < len(filter_string):
        match = _TOKEN.match(filter_string, position)
        if match is None:
            raise invalid(f"Invalid filter '{filter_string}'. Could not be parsed.")
        if match.lastgroup != "space":
            tokens.append(Token(match.lastgroup, match.group()))
        position = match.end()
    return tokens


def _comparison(
    tokens: list[Token], position: int, grammar: Grammar, filter_string: str
) -> tuple[Condition, int]:
    if position >= len(tokens):
        raise invalid(f"Invalid filter '{filter_string}'. Could not be parsed.")
    key_token = tokens[position]
    if key_token.kind != "word" or key_token.is_keyword(*KEYWORDS):
        raise invalid(f"Invalid clause(s) in filter string: {key_token.text}")
    op, position = _operator(tokens, position + 1)
    value, position = _value(tokens, position)
    return _condition(key_token.text, op, value, grammar), position


def _operator(tokens: list[Token], position: int) -> tuple[str, int]:
    token = tokens[position] if position < len(tokens) else None
    if token is None:
        raise invalid("Invalid comparison clause. Expected comparison found nothing")
    if token.kind == "operator":
        return token.text, position + 1
    if token.is_keyword("LIKE", "ILIKE", "IN"):
        return token.text.upper(), position + 1
    if token.is_keyword("NOT") and position + 1 < len(tokens):
        if tokens[position + 1].is_keyword("IN"):
            return "NOT IN", position + 2
    raise invalid(f"Invalid comparison clause. Expected comparison found '{token.text}'")


def _value(tokens: list[Token], position: int) -> tuple[Token | tuple[Token, ...], int]:
    token = tokens[position] if position < len(tokens) else None
    if token is None:
        raise invalid("Invalid comparison clause. Expected value token found nothing")
    if token.kind in ("string", "quoted", "number"):
        return token, position + 1
    if token.text != "(":
        raise invalid(f"Invalid comparison clause. Expected value token found '{token.text}'")
    items: list[Token] = []
    position += 1
    while position < len(tokens) and tokens[position].text != ")":
        item = tokens[position]
        if item.text != ",":
            items.append(item)
        position += 1
    if position == len(tokens):
        raise invalid(
            "While parsing a list in the query, expected a non-empty list of string values, "
            "but got ill-formed list."
        )
    return tuple(items), position + 1


def _condition(
    key_text: str, op: str, value: Token | tuple[Token, ...], grammar: Grammar
) -> Condition:
    entity, key = _split_key(key_text)
    if entity in ("tag", "tags"):
        if op not in TAG_OPS:
            raise invalid(f"Invalid comparator for tag: {op}")
        if not isinstance(value, Token) or value.kind not in ("string", "quoted"):
            shown = value.text if isinstance(value, Token) else "(...)"
            raise invalid(
                f"Expected a quoted string value for tag (e.g. 'my-value'). Got value {shown}"
            )
        return Condition("tag:" + key, op, _unquote(value.text))
    if key not in grammar.attributes:
        valid = "{" + ", ".join(repr(name) for name in sorted(grammar.attributes)) + "}"
        raise invalid(f"Invalid attribute key '{key}' specified. Valid keys are '{valid}'")
    field = grammar.attributes[key]
    if key in grammar.numeric_keys:
        return Condition(field, _numeric_op(key, op), _number(key, value))
    return Condition(field, _string_op(key, op, grammar), _string_value(key, op, value, grammar))


def _split_key(text: str) -> tuple[str, str]:
    match = re.fullmatch(r"([A-Za-z_]\w*)\.(.+)", text)
    if match is None:
        return "attribute", _unquote(text)
    entity, key = match.groups()
    if entity not in ENTITY_TYPES:
        raise invalid(f"Invalid entity type '{entity}'. Valid entity types are {ENTITY_TYPES}")
    return entity, _unquote(key)


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"`":
        return text[1:-1]
    return text


def _numeric_op(key: str, op: str) -> str:
    if op not in NUMBER_OPS:
        raise invalid(f"Invalid comparator for attribute {key}: {op}")
    return op


def _number(key: str, value: Token | tuple[Token, ...]) -> int:
    shown = value.text if isinstance(value, Token) else "(...)"
    text = _unquote(value.text) if isinstance(value, Token) else ""
    if not re.fullmatch(r"[-+]?\d+", text.strip()):
        raise invalid(f"Invalid value for numeric attribute '{key}': {shown}")
    return int(text)


def _string_op(key: str, op: str, grammar: Grammar) -> str:
    if op not in STRING_OPS or (op in ("IN", "NOT IN") and key not in grammar.list_keys):
        raise invalid(f"Invalid comparator for attribute: {op}")
    return op


def _string_value(
    key: str, op: str, value: Token | tuple[Token, ...], grammar: Grammar
) -> str | tuple[str, ...]:
    if isinstance(value, tuple):
        if op not in ("IN", "NOT IN"):
            raise invalid(f"Only IN and NOT IN compare '{key}' with a list of values.")
        return _string_list(value)
    if op in ("IN", "NOT IN"):
        raise invalid(f"{op} compares '{key}' with a list of quoted strings, e.g. ('a', 'b').")
    if value.kind == "number":
        numeric = "{" + ", ".join(repr(name) for name in grammar.numeric_keys) + "}"
        raise invalid(
            f"Only the '{numeric}' attributes support comparison with numeric values."
            if grammar.numeric_keys
            else "Expected a quoted string value or a list of quoted string values for "
            f"attributes. Got value {value.text}"
        )
    return _unquote(value.text)


def _string_list(items: tuple[Token, ...]) -> tuple[str, ...]:
    if not items:
        raise invalid(
            "While parsing a list in the query, expected a non-empty list of string values, "
            "but got empty list"
        )
    if not all(item.kind in ("string", "quoted") for item in items):
        shown = ", ".join(item.text for item in items)
        raise invalid(
            "While parsing a list in the query, expected string value, punctuation, or "
            f"whitespace, but got different type in list: ({shown})"
        )
    return tuple(_unquote(item.text) for item in items)
