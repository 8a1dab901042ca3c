"""The OpenAPI 3.1 document, built from the route table, the URL map and the pydantic shapes.

Nothing here is written by hand per route: paths come from the app's URL rules, parameters
and bodies from the request shapes, responses from the declared replies and the statuses a
route implies (a body implies 400/413/415/422, a path parameter 404, If-Match 412 ...).
"""

import re

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema
from werkzeug.routing import Rule

from .. import auth
from . import responses
from .problems import PROBLEM_MEDIA_TYPE
from .routes import TABLE, Operation, Reply

REF = "#/components/schemas/{model}"
_ARGUMENT = re.compile(r"<(?:[^<>:]+:)?([^<>]+)>")
PATH_PARAMETERS = {
    "name": ("The model's name (percent-encoded: spaces, unicode, ? # % are fine).", "resnet-50"),
    "version": ("The version's label.", "1"),
    "alias": ("The alias, e.g. champion.", "champion"),
    "key": ("The tag's key.", "owner"),
    "filename": ("A file of the docs page.", "swagger-ui.css"),
}
HEADERS = {
    "ETag": "The object's version; send it back in If-Match to change it safely.",
    "Location": "The URL of the object just created.",
    "Link": 'The next page: <url>; rel="next" (absent on the last page).',
    "Retry-After": "Seconds to wait before trying again.",
    "WWW-Authenticate": 'How to authenticate: Bearer realm="registry".',
}
ERRORS = {
    400: "Malformed request: the body is not one JSON object, the URL holds NUL, or the cursor "
    "is not valid here.",
    401: "The token is missing (and anonymous callers may not do this), invalid, expired or "
    "revoked, or its user is disabled.",
    403: "The token's role does not allow this.",
    404: "No such model, version, alias or tag.",
    409: "The name or version is taken.",
    412: "If-Match names a stale version of the object.",
    413: "The body is larger than the server accepts.",
    415: "The body is not sent as application/json.",
    422: "Some fields are not valid; every failing field is listed.",
    429: "Too many failed attempts from this address; try again after Retry-After seconds.",
    503: "The database is busy or not answering; try again after Retry-After seconds.",
}
ERROR_HEADERS = {401: ("WWW-Authenticate",), 429: ("Retry-After",), 503: ("Retry-After",)}
SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token (mrl_...), from the tokens page or `flask tokens create`.",
    }
}
# Request fields whose allowed values are the app's configured frameworks.
FRAMEWORK_FIELDS = ("NewVersion", "VersionChanges", "SeedModel")


class _Schemas(GenerateJsonSchema):
    """Pydantic's JSON Schema, without per-field titles and without ``default: null``.

    An optional field left out means "not given" (a PATCH leaves it alone), not null.
    """

    def field_title_should_be_set(self, schema) -> bool:
        """Leave titles to the shapes; a field's name says enough."""
        return False

    def default_schema(self, schema):
        """Describe a default, unless it is the None that means "not given"."""
        if schema.get("default", ...) is None:
            return self.generate_inner(schema["schema"])
        return super().default_schema(schema)


def document_for(app: Flask) -> dict:
    """The app's OpenAPI document, built once per app."""
    if "registry.api.openapi" not in app.extensions:
        app.extensions["registry.api.openapi"] = build_document(app)
    return app.extensions["registry.api.openapi"]


def build_document(app: Flask) -> dict:
    """Describe every API route the app serves."""
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    operations = [op for op in TABLE.operations if op.endpoint in rules]
    components = _component_schemas(operations, app.config["REGISTRY_FRAMEWORKS"])
    paths: dict[str, dict] = {}
    for op in operations:
        rule = rules[op.endpoint]
        permission = auth.policy_for(app, op.endpoint)
        anonymous_reads = app.config["REGISTRY_ANONYMOUS_ROLE"] == "viewer"
        document = _operation(op, rule, permission, anonymous_reads)
        paths.setdefault(openapi_path(rule), {})[op.method.lower()] = document
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Model Registry Lite API",
            "version": "1.0.0",
            "description": (
                "Record trained models, their versions, metrics, tags and aliases. Errors are "
                "RFC 9457 problem documents; lists page with keyset cursors; single objects "
                "carry an ETag that If-Match checks on change."
            ),
        },
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": SECURITY_SCHEMES},
        "tags": [{"name": name} for name in dict.fromkeys(op.tag for op in operations)],
    }


def openapi_path(rule: Rule) -> str:
    """A URL rule in OpenAPI's spelling: /models/<name> becomes /models/{name}."""
    return _ARGUMENT.sub(r"{\1}", rule.rule)


def _operation(op: Operation, rule: Rule, permission: str | None, anonymous_reads: bool) -> dict:
    parameters = [_path_parameter(name) for name in _ARGUMENT.findall(rule.rule)]
    if op.query is not None:
        parameters += _query_parameters(op.query)
    if op.if_match:
        parameters.append(_if_match_parameter())
    document = {
        "operationId": op.endpoint.split(".", 1)[1],
        "summary": op.summary,
        "tags": [op.tag],
        "responses": _responses(op, rule, permission),
    }
    if permission != auth.PUBLIC:
        # An empty requirement: this operation also answers callers without a token.
        anonymous = [{}] if permission == auth.READ and anonymous_reads else []
        document["security"] = [{"bearer": []}, *anonymous]
    if op.description:
        document["description"] = op.description
    if parameters:
        document["parameters"] = parameters
    if op.body is not None:
        document["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(op.body)}},
        }
    return document


def _responses(op: Operation, rule: Rule, permission: str | None) -> dict:
    documented: dict[str, dict] = {}
    for reply in op.replies:
        # Several media types for one status (a static file) share one response object.
        previous = documented.get(str(reply.status), {}).get("content", {})
        documented[str(reply.status)] = _reply(reply)
        documented[str(reply.status)].setdefault("content", {}).update(previous)
    for status in sorted(implied_errors(op, rule) | auth_errors(permission)):
        documented[str(status)] = _reply(_error_reply(op, status))
    return documented


def implied_errors(op: Operation, rule: Rule) -> set[int]:
    """Every error status ``op`` can answer: its own and those its inputs imply."""
    statuses = set(op.errors)
    if op.body is not None:
        statuses |= {400, 413, 415, 422}
    if op.query is not None:
        statuses.add(422)
    if rule.arguments:
        statuses |= {400, 404}
    if op.query is not None:
        statuses.add(400)
    if op.if_match:
        statuses.add(412)
    if op.uses_database:
        statuses.add(503)
    return statuses


def auth_errors(permission: str | None) -> set[int]:
    """The statuses checking the caller can answer: 401 and 429, and 403 above reading."""
    if permission == auth.PUBLIC:
        return set()
    return {401, 429} if permission == auth.READ else {401, 403, 429}


def _error_reply(op: Operation, status: int) -> Reply:
    headers = ERROR_HEADERS.get(status, ())
    if op.error_style == "seed":
        return Reply(status, ERRORS[status], responses.SeedError, headers=headers)
    shape = responses.ValidationProblem if status == 422 else responses.Problem
    return Reply(status, ERRORS[status], shape, PROBLEM_MEDIA_TYPE, headers)


def _reply(reply: Reply) -> dict:
    document: dict = {"description": reply.description}
    if reply.headers:
        document["headers"] = {
            name: {"description": HEADERS[name], "schema": {"type": "string"}}
            for name in reply.headers
        }
    if reply.status != 204:
        schema = _ref(reply.shape) if reply.shape else _unshaped(reply.media_type)
        document["content"] = {reply.media_type: {"schema": schema}}
    return document


def _unshaped(media_type: str) -> dict:
    return {"type": "object"} if media_type.endswith("json") else {"type": "string"}


def _path_parameter(name: str) -> dict:
    description, example = PATH_PARAMETERS[name]
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string", "minLength": 1},
        "example": example,
    }


def _query_parameters(shape: type[BaseModel]) -> list[dict]:
    schema = shape.model_json_schema(schema_generator=_Schemas)
    required = set(schema.get("required", ()))
    parameters = []
    for name, property_schema in schema["properties"].items():
        property_schema = dict(property_schema)
        parameter = {"name": name, "in": "query", "required": name in required}
        if "description" in property_schema:
            parameter["description"] = property_schema.pop("description")
        parameter["schema"] = property_schema
        parameters.append(parameter)
    return parameters


def _if_match_parameter() -> dict:
    return {
        "name": "If-Match",
        "in": "header",
        "required": False,
        "description": "The ETag read earlier; a stale one answers 412 and changes nothing.",
        "schema": {"type": "string"},
    }


def _ref(shape: type[BaseModel]) -> dict:
    return {"$ref": REF.format(model=shape.__name__)}


def _component_schemas(operations: list[Operation], frameworks: list[str]) -> dict:
    shapes: dict[tuple[type[BaseModel], str], None] = {}
    for op in operations:
        if op.body is not None:
            shapes[(op.body, "validation")] = None
        for reply in op.replies:
            if reply.shape is not None:
                shapes[(reply.shape, "serialization")] = None
    for shape in (responses.Problem, responses.ValidationProblem, responses.SeedError):
        shapes[(shape, "serialization")] = None
    _, definitions = models_json_schema(list(shapes), ref_template=REF, schema_generator=_Schemas)
    schemas = definitions.get("$defs", {})
    for name in FRAMEWORK_FIELDS:
        if name in schemas:
            schemas[name]["properties"]["framework"]["enum"] = list(frameworks)
    return schemas
