"""The one gate every request passes: find the endpoint's permission, check the CSRF token
where a session cookie identifies callers, identify the caller (by the credentials its door
accepts), and let it through, challenge it or refuse it.

Deny by default: an endpoint that declared no permission answers 403 and logs an error.
"""

from urllib.parse import urlencode

from flask import Flask, Request, current_app, g, redirect, request
from flask_login import current_user
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Forbidden, Unauthorized

from ..extensions import csrf
from ..services.account_rules import username_key
from ..services.authentication import authenticate_password, authenticate_token
from ..services.tokens import SECRET_PREFIX
from ..services.unit import start_acting, stop_acting
from . import throttle
from .credentials import BASIC, BEARER, credentials_from
from .permissions import PUBLIC, policy_for
from .principal import Principal, anonymous

SESSION = "session"
SCHEMES = (SESSION, BEARER, BASIC)
CHALLENGE = WWWAuthenticate("bearer", {"realm": "registry"})
NO_POLICY = "This endpoint declares no permission, so nobody may use it."
BAD_CREDENTIALS = "The credentials are missing, invalid, expired or revoked."
ROLE_TOO_LOW = "Your role does not allow this."


def init_app(app: Flask) -> None:
    """Check every request before its view runs; stop attributing changes when it ends."""
    app.before_request(enforce)
    app.teardown_request(_stop_acting)


def accept(app: Flask, blueprint_name: str, *schemes: str) -> None:
    """Say which credentials identify callers of a blueprint's endpoints.

    "session" is a signed-in browser (its pages), whose posts must carry their CSRF token;
    "bearer" and "basic" are an Authorization header (the APIs). Endpoints of a blueprint not
    named here only see anonymous callers.
    """
    unknown = set(schemes) - set(SCHEMES)
    if unknown:
        raise ValueError(f"Unknown credential schemes {sorted(unknown)}; use {SCHEMES}.")
    app.extensions["registry.auth"].schemes[blueprint_name] = frozenset(schemes)


def schemes_of(app: Flask, blueprint_name: str | None) -> frozenset[str]:
    """The credentials that identify callers of a blueprint's endpoints (none: anonymous)."""
    return app.extensions["registry.auth"].schemes.get(blueprint_name, frozenset())


def enforce():
    """Let the request through, or answer 401/302 (who are you?) or 403 (not allowed)."""
    # The objects behind the proxies, looked up once: every request passes here, and each
    # lookup through a proxy costs more than most of the checks below.
    app, current = current_app._get_current_object(), request._get_current_object()
    endpoint = current.endpoint
    if endpoint is None:
        return None  # no route matched: the 404 or 405 is answered as usual
    permission = policy_for(app, endpoint)
    if permission is None:
        app.logger.error("SECURITY: endpoint %r declares no permission; refused.", endpoint)
        raise Forbidden(NO_POLICY)
    schemes = schemes_of(app, current.blueprint)
    if SESSION in schemes and app.config["WTF_CSRF_ENABLED"]:
        # The browser sends the cookie with a form posted from any site: such doors' posts
        # (public ones too: signing in) must carry the token of one of our pages.
        csrf.protect()
    if permission == PUBLIC:
        return None
    principal = identify(current, schemes)
    context = g._get_current_object()
    context.principal = principal
    context.auth_acting = start_acting(principal.actor)
    if principal.allows(permission):
        return None
    if principal.is_anonymous:
        return challenge(schemes)
    raise Forbidden(ROLE_TOO_LOW)


def identify(current: Request, schemes: frozenset[str]) -> Principal:
    """Identify the caller of the ``current`` request: from the Authorization header (APIs) or
    the session (pages).

    Credentials that are present but wrong answer 401 rather than falling back to anonymous,
    so a client with a revoked token learns it at once.
    """
    if schemes & {BEARER, BASIC} and current.authorization is not None:
        return _from_authorization(current, schemes)
    if SESSION in schemes and current_user.is_authenticated:
        return Principal(current_user.username, current_user.role, user_id=current_user.user_id)
    return anonymous()


def _from_authorization(current: Request, schemes: frozenset[str]) -> Principal:
    credentials = credentials_from(current.authorization)
    keys = [("token-address", current.remote_addr or "")]
    if credentials is not None and credentials.scheme == BASIC:
        keys.append(("signin-account", username_key(credentials.username)[:64]))
    throttle.refuse_if_exhausted(keys)
    principal = None
    if credentials is not None and credentials.scheme in schemes:
        principal = _verify(credentials)
    if principal is None:
        throttle.count_failure(keys)
        scheme = credentials.scheme if credentials else "unreadable"
        current_app.logger.warning(
            "Refused %s credentials from %s on %r.", scheme, current.remote_addr, current.path
        )
        raise Unauthorized(BAD_CREDENTIALS, www_authenticate=CHALLENGE)
    return principal


def _verify(credentials) -> Principal | None:
    if credentials.scheme == BASIC and not credentials.secret.startswith(SECRET_PREFIX):
        user = authenticate_password(credentials.username, credentials.secret)
        return Principal(user.username, user.role, user_id=user.id) if user else None
    identity = authenticate_token(credentials.secret)
    if identity is None:
        return None
    if credentials.scheme == BASIC and username_key(credentials.username) != username_key(
        identity.username
    ):
        return None  # a token presented under another user's name
    return Principal(
        identity.username,
        identity.role,
        user_id=identity.user_id,
        token_id=identity.token_id,
        token_prefix=identity.token_prefix,
    )


def challenge(schemes: frozenset[str]):
    """Ask an anonymous caller to identify: the sign-in page for pages, else 401."""
    login_view = getattr(current_app.login_manager, "login_view", None)
    if SESSION not in schemes or not login_view:
        raise Unauthorized(BAD_CREDENTIALS, www_authenticate=CHALLENGE)
    query = request.query_string.decode("utf-8", "replace")
    target = request.path + (f"?{query}" if query else "")
    location = current_app.url_for(login_view) + "?" + urlencode({"next": target})
    if request.headers.get("HX-Request") == "true":
        # htmx would swap the sign-in page into a fragment: send the whole window there.
        return "", 401, {"HX-Redirect": location}
    return redirect(location, 302)


def _stop_acting(_error=None) -> None:
    acting = g._get_current_object().pop("auth_acting", None)  # every request: one cheap lookup
    if acting is not None:
        stop_acting(acting)
