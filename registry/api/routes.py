"""The API's route table: each view is registered with Flask and described for OpenAPI at once.

A view declares its query and body shapes, its success reply and the errors it can answer;
openapi.py turns the table into the OpenAPI document, so what is served is what is documented.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint
from pydantic import BaseModel


@dataclass(frozen=True)
class Reply:
    """One documented response of an operation."""

    status: int
    description: str
    shape: type[BaseModel] | None = None
    media_type: str = "application/json"
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    """One method on one URL rule, and everything the OpenAPI document says about it."""

    endpoint: str
    method: str
    summary: str
    tag: str
    replies: tuple[Reply, ...]
    errors: tuple[int, ...]
    error_style: str
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    if_match: bool = False
    uses_database: bool = True
    description: str = ""


@dataclass
class RouteTable:
    """The operations of one or more blueprints, in the order they were declared."""

    operations: list[Operation] = field(default_factory=list)

    def route(
        self,
        blueprint: Blueprint,
        method: str,
        rule: str,
        *,
        summary: str,
        tag: str,
        ok: Reply | tuple[Reply, ...],
        errors: tuple[int, ...] = (),
        error_style: str = "problem",
        query: type[BaseModel] | None = None,
        body: type[BaseModel] | None = None,
        if_match: bool = False,
        uses_database: bool = True,
        description: str = "",
    ) -> Callable:
        """Register the decorated view on ``blueprint`` and describe it in the table.

        :param errors: statuses the view answers besides those its query, body and path imply.
        :param error_style: "problem" (RFC 9457 documents) or "seed" (``{"error": ...}``).
        """

        def register(view: Callable) -> Callable:
            # merge_slashes off: "/models//versions" is an unknown URL, not a redirect.
            blueprint.add_url_rule(rule, view.__name__, view, methods=[method], merge_slashes=False)
            self.operations.append(
                Operation(
                    endpoint=f"{blueprint.name}.{view.__name__}",
                    method=method,
                    summary=summary,
                    tag=tag,
                    replies=ok if isinstance(ok, tuple) else (ok,),
                    errors=errors,
                    error_style=error_style,
                    query=query,
                    body=body,
                    if_match=if_match,
                    uses_database=uses_database,
                    description=description or (view.__doc__ or "").strip(),
                )
            )
            return view

        return register

    def describe(self, operation: Operation) -> None:
        """Describe a route that Flask registers by itself (a blueprint's static files)."""
        self.operations.append(operation)


TABLE = RouteTable()
route = TABLE.route
