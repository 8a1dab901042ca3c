"""The web door: server-rendered, terminal-styled pages over the services.

Works without JavaScript; htmx (shipped in static/) redraws parts of a page in place.
"""

from flask import Flask

from .. import auth

# The views_* modules are imported for their side effect: they attach routes to ``bp``.
from . import (  # noqa: F401
    account_context,
    error_pages,
    filters,
    views_account,
    views_aliases,
    views_compare,
    views_list,
    views_models,
    views_tokens,
    views_users,
    views_versions,
)
from .blueprint import bp
from .converters import SegmentConverter


def init_app(app: Flask) -> None:
    """Register the web blueprint, its error pages and template helpers on the app."""
    # Converters must exist before the blueprint's rules are added to the URL map.
    app.url_map.converters["segment"] = SegmentConverter
    app.register_blueprint(bp)
    # Pages know their visitor by the session cookie; a page that needs more asks to sign in.
    auth.accept(app, bp.name, auth.SESSION)
    auth.declare(app, f"{bp.name}.static", auth.PUBLIC)
    app.login_manager.login_view = f"{bp.name}.login"
    error_pages.init_app(app)
    filters.init_app(app)
    account_context.init_app(app)
