"""The MLflow door's blueprint, and the decorator that makes a view an RPC endpoint."""

import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint

from registry.errors import RegistryError

from .failures import translate
from .wire import MlflowError, reply

blueprint = Blueprint("mlflow", __name__)


def rpc(rule: str, *methods: str) -> Callable:
    """Serve the decorated view at ``rule``: its dict is the reply, errors MLflow's error body."""

    def decorate(view: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
        @functools.wraps(view)
        def endpoint():
            try:
                return reply(view())
            except MlflowError as error:
                return error.response()
            except RegistryError as error:
                return translate(error).response()

        blueprint.add_url_rule(rule, view_func=endpoint, methods=list(methods))
        return view

    return decorate
