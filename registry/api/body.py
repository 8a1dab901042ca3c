"""Strict reading of requests: JSON bodies and query strings, checked against their shapes.

Malformed syntax is a 400 (werkzeug's BadRequest); a wrong Content-Type a 415; a body over
MAX_CONTENT_LENGTH a 413 (raised by werkzeug when the body is read). A body or query that
parses but has the wrong shape raises ValidationFailed, which every door answers with 422.
"""

import json
import math
from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel
from pydantic import ValidationError as ShapeError
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from ..errors import ValidationFailed

Shape = TypeVar("Shape", bound=BaseModel)
JSON_MEDIA_TYPE = "application/json"
_ENTRY_LABELS = {"metrics": "Metric '{key}'", "tags": "Tag '{key}' value"}


def json_body(shape: type[Shape]) -> Shape:
    """Read the request's JSON object and check it against ``shape``.

    :raises UnsupportedMediaType: the Content-Type is not application/json.
    :raises BadRequest: the body is not one well-formed JSON object.
    :raises ValidationFailed: the object does not have the shape (every field is listed).
    """
    return check_shape(shape, read_json_object())


def read_json_object() -> dict[str, Any]:
    """Parse the body as strict JSON: UTF-8, no NaN/Infinity, no repeated keys, an object."""
    if request.mimetype != JSON_MEDIA_TYPE:
        raise UnsupportedMediaType("The body must be JSON, sent as Content-Type: application/json.")
    raw = request.get_data(cache=True)
    try:
        document = json.loads(
            raw.decode("utf-8"),
            object_pairs_hook=_object_without_repeated_keys,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
        )
    except (ValueError, RecursionError) as exc:
        raise BadRequest(f"The body is not valid JSON: {_reason(exc)}") from None
    if not isinstance(document, dict):
        raise BadRequest("The body must be a JSON object.")
    return document


def refuse_nul_in_url() -> None:
    """Refuse a URL whose path or query holds a NUL character (%00): no name can hold one.

    :raises BadRequest: the path or a query parameter holds NUL.
    """
    # The query is looked at before it is parsed (most requests never parse it): only "%00",
    # or a raw NUL, decodes to NUL. One lookup through the request proxy: each costs.
    current = request._get_current_object()
    query = current.query_string
    if "\x00" in current.path or b"%00" in query or b"\x00" in query:
        raise BadRequest("The URL must not contain NUL characters (%00).")


def query_args(shape: type[Shape]) -> Shape:
    """Check the query string against ``shape``; list fields take repeated parameters.

    :raises ValidationFailed: a parameter has the wrong type, or a single one is repeated.
    """
    values: dict[str, Any] = {}
    repeated = []
    for name, field in shape.model_fields.items():
        given = request.args.getlist(name)
        if not given:
            continue
        if _is_list(field.annotation):
            values[name] = given
        elif len(given) > 1:
            repeated.append((name, "Give this parameter only once."))
        else:
            values[name] = given[0]
    if repeated:
        raise ValidationFailed(repeated)
    return check_shape(shape, values)


def check_shape(shape: type[Shape], data: dict[str, Any]) -> Shape:
    """Validate ``data`` against ``shape``, turning pydantic's errors into ValidationFailed."""
    try:
        return shape.model_validate(data)
    except ShapeError as exc:
        raise ValidationFailed([_field_error(error) for error in exc.errors()]) from None


def given_fields(shape: BaseModel) -> dict[str, Any]:
    """The fields the client actually sent (a PATCH changes only those)."""
    return shape.model_dump(exclude_unset=True)


def _field_error(error: dict) -> tuple[str, str]:
    location = [str(part) for part in error["loc"]]
    if len(location) >= 2 and location[-2] in _ENTRY_LABELS:
        # An entry of a mapping: name it the way the services do ("Metric 'acc'").
        label = _ENTRY_LABELS[location[-2]].format(key=location[-1])
        location = location[:-1]
    else:
        label = location[-1].replace("_", " ").capitalize() if location else "Body"
    field = ".".join(location) or "body"
    kind, context = error["type"], error.get("ctx") or {}
    messages = {
        "missing": f"{label} is required.",
        "string_type": f"{label} must be text.",
        "string_too_long": f"{label} must be at most {context.get('max_length')} characters.",
        "extra_forbidden": "This field is not allowed here.",
        "whole_number": f"{label} must be a whole number.",
        "greater_than_equal": f"{label} must be at least {context.get('ge')}.",
        "less_than_equal": f"{label} must be at most {context.get('le')}.",
        "float_type": f"{label} must be a number.",
        "dict_type": f"{label} must be an object.",
        "model_type": f"{label} must be an object.",
        "list_type": f"{label} must be a list.",
    }
    return field, messages.get(kind, f"{label}: {error['msg']}.")


def _is_list(annotation: Any) -> bool:
    return getattr(annotation, "__origin__", None) is list


def _object_without_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise ValueError(f"the key '{key}' appears twice")
        document[key] = value
    return document


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large")
    return value


def _reason(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "it is nested too deeply."
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text."
    return f"{exc}."
