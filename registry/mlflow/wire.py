"""MLflow's wire format: reading request fields, writing replies and error bodies.

GET requests carry their fields as query parameters (repeated keys for lists); every other
method carries a JSON object body. Field checks here are shape only (presence and type), worded
as MLflow's server words them; the data rules live in the services.
"""

import json
from typing import Any

from flask import current_app, request

API_DOCS_HINT = " See the API docs for more information about request parameters."
JSON_CONTENT_TYPES = ("application/json",)

# MLflow's error codes and the HTTP status each one travels with.
HTTP_STATUS = {
    "INVALID_PARAMETER_VALUE": 400,
    "BAD_REQUEST": 400,
    "RESOURCE_ALREADY_EXISTS": 400,
    "UNAUTHENTICATED": 401,
    "PERMISSION_DENIED": 403,
    "RESOURCE_DOES_NOT_EXIST": 404,
    "ENDPOINT_NOT_FOUND": 404,
    "RESOURCE_CONFLICT": 409,
    "RESOURCE_LIMIT_EXCEEDED": 413,
    "REQUEST_LIMIT_EXCEEDED": 429,
    "INTERNAL_ERROR": 500,
    "TEMPORARILY_UNAVAILABLE": 503,
}


class MlflowError(Exception):
    """An error answered as MLflow answers it: ``{"error_code", "message"}``."""

    def __init__(self, error_code: str, message: str):
        super().__init__(message)
        self.error_code = error_code
        self.message = message

    def response(self, status: int | None = None):
        """The JSON error response, with ``status`` or else the one MLflow gives the code."""
        body = {"error_code": self.error_code, "message": self.message}
        return current_app.json.response(body), status or HTTP_STATUS.get(self.error_code, 500)


def invalid(message: str) -> MlflowError:
    """An INVALID_PARAMETER_VALUE error (HTTP 400)."""
    return MlflowError("INVALID_PARAMETER_VALUE", message)


def reply(payload: dict[str, Any]):
    """A 200 JSON response; an empty reply is ``{}``."""
    return current_app.json.response(payload)


def request_fields(repeated: tuple[str, ...] = ()) -> dict[str, Any]:
    """Read the request's fields: query parameters for GET, else the JSON object body.

    :param repeated: the list-valued fields, read with every value of a repeated GET key.
    """
    current = request._get_current_object()  # one lookup through the proxy: each costs
    args = current.args
    if current.method == "GET" and args:
        return {key: args.getlist(key) if key in repeated else args[key] for key in args}
    return _json_body()


def _json_body() -> dict[str, Any]:
    if request.method in ("POST", "PUT"):
        _require_json_content_type()
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
        if isinstance(body, str):
            # Old MLflow clients send the JSON object encoded once more, as a JSON string.
            body = json.loads(body)
    except (ValueError, RecursionError):
        raise invalid("Malformed JSON request body.") from None
    if not isinstance(body, dict):
        raise invalid("The request body must be a JSON object.")
    return body


def _require_json_content_type() -> None:
    if not request.content_type:
        raise invalid("Bad Request. Content-Type header is missing.")
    if request.mimetype not in JSON_CONTENT_TYPES:
        raise invalid(f"Bad Request. Content-Type must be one of {list(JSON_CONTENT_TYPES)}.")


def string(fields: dict[str, Any], name: str, required: bool = False) -> str | None:
    """A string field; absent gives None (required fields must be present and non-empty)."""
    value = fields.get(name)
    if required and (value is None or value == ""):
        raise invalid(f"Missing value for required parameter '{name}'.{API_DOCS_HINT}")
    if value is not None and not isinstance(value, str):
        raise _wrong_type(name, value)
    return value


def strings(fields: dict[str, Any], name: str) -> list[str]:
    """A repeated string field; absent gives an empty list, a lone string a list of one."""
    value = fields.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _wrong_type(name, value)
    return value


def boolean(fields: dict[str, Any], name: str) -> bool:
    """A boolean field: JSON true/false, or "true"/"false" in a query string; absent is false."""
    value = fields.get(name)
    if value is None:
        return False
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if not isinstance(value, bool):
        raise invalid(f"Invalid boolean value: {value}, must be 'true' or 'false'.")
    return value


def integer(fields: dict[str, Any], name: str, default: int) -> int:
    """An integer field, given as a JSON number or a decimal string; absent gives ``default``."""
    value = fields.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _wrong_type(name, value)
    if isinstance(value, str):
        text = value.strip()
        if not text.lstrip("-").isdigit():
            raise _wrong_type(name, value)
        value = int(text)
    return value


def tags(fields: dict[str, Any], name: str = "tags") -> dict[str, str]:
    """A list of ``{"key", "value"}`` objects as a mapping (a repeated key: the last wins)."""
    value = fields.get(name)
    if value is None:
        return {}
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _wrong_type(name, value)
    found: dict[str, str] = {}
    for item in value:
        key, tag_value = item.get("key", ""), item.get("value", "")
        if not isinstance(key, str) or not isinstance(tag_value, str):
            raise _wrong_type(name, value)
        found[key] = tag_value
    return found


def _wrong_type(name: str, value: Any) -> MlflowError:
    shown = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return invalid(
        f"Invalid value {shown} for parameter '{name}' supplied. "
        f"Hint: Value was of type '{type(value).__name__}'.{API_DOCS_HINT}"
    )
