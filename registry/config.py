"""Default settings; instance/config.py and REGISTRY_* environment variables override them."""

import os

from flask import Config
from sqlalchemy.engine import make_url

DEV_SECRET_KEY = "dev-only-insecure-key"

SECRET_KEY = DEV_SECRET_KEY
SQLALCHEMY_DATABASE_URI = None  # when still unset, create_app reads DATABASE_URL
MAX_CONTENT_LENGTH = 1024 * 1024
WTF_CSRF_TIME_LIMIT = None
# Forms need their CSRF token only where the session cookie identifies the caller: the auth
# gate checks it on those doors (auth.enforcement), not CSRFProtect on every request.
WTF_CSRF_CHECK_DEFAULT = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# None: Secure when served by wsgi.py (production, behind https), not under `flask run`;
# REGISTRY_SESSION_COOKIE_SECURE=false serves plain http in production (not recommended).
SESSION_COOKIE_SECURE = None
# Requests must name one of these hosts (no DNS rebinding); deployments add their own name,
# e.g. REGISTRY_TRUSTED_HOSTS='["registry.example.com"]'.
TRUSTED_HOSTS = ["localhost", "127.0.0.1", "::1"]

REGISTRY_PLUGINS = ["registry.web", "registry.api", "registry.mlflow"]
# What a caller without credentials may do: "viewer" (read) or "none" (nothing but sign in).
REGISTRY_ANONYMOUS_ROLE = "viewer"
# Failed sign-ins allowed per address and per account (and failed tokens per address).
REGISTRY_FAILED_SIGNIN_LIMIT = "10/minute"
# Where those failures are counted: memory:// (per worker) or redis://host:6379 (shared).
REGISTRY_RATELIMIT_STORAGE_URI = "memory://"
REGISTRY_FRAMEWORKS = ["PyTorch", "TensorFlow", "JAX", "ONNX", "scikit-learn", "XGBoost", "Other"]
REGISTRY_SOURCE_SCHEMES = [
    "s3",
    "gs",
    "gcs",
    "azure",
    "wasbs",
    "abfss",
    "hdfs",
    "http",
    "https",
    "hf",
    "models",
    "runs",
]
REGISTRY_ALLOW_FILE_URIS = False
REGISTRY_PAGE_SIZE = 50
REGISTRY_SQLITE_BUSY_TIMEOUT_MS = 5000
# How many reverse proxies in front of the app set X-Forwarded-*; 0 trusts none of them.
REGISTRY_PROXY_HOPS = 0


def database_url_from_environment(instance_path: str) -> str:
    """Return DATABASE_URL (mapped to the psycopg driver) or the default SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "registry.sqlite3")
    return normalise_database_url(url)


def normalise_database_url(url: str) -> str:
    """Map the PaaS spellings of PostgreSQL URLs to SQLAlchemy's psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def lend_the_warmest_connection(settings: Config) -> None:
    """Have the connection pool lend the connection given back last, not the one idle longest.

    Each SQLite connection keeps a page cache of its own, and each PostgreSQL connection is a
    server process: taking the pool's connections in turn spread the reads over every cache and
    woke a cold server process for every request. Reads with one client on PostgreSQL went from
    about 600 to 1,100 a second (bench/README.md). An in-memory SQLite database has one shared
    connection and nothing to choose from.
    """
    url = make_url(str(settings["SQLALCHEMY_DATABASE_URI"]))
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return
    options = settings["SQLALCHEMY_ENGINE_OPTIONS"] = dict(
        settings.get("SQLALCHEMY_ENGINE_OPTIONS") or {}
    )
    options.setdefault("pool_use_lifo", True)


def plan_for_every_value(settings: Config) -> None:
    """Have PostgreSQL plan the session's statements for the values they are given.

    psycopg prepares a statement it has run five times, and PostgreSQL may then switch a
    prepared statement to one plan made blind to the values: a substring search then read every
    row (75 ms, not 2), and a rare filter can walk the whole sort order. The services count on
    per-value plans (services.narrowing), so the session never prepares. The fixed keyed reads
    of driver_reads, whose best plan is the same for every value, prepare theirs: planning
    each of them again was most of a read's time in the database.
    """
    if str(settings.get("SQLALCHEMY_DATABASE_URI") or "").startswith("postgres"):
        engine_options = settings.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        connect_args = engine_options.setdefault("connect_args", {})
        connect_args.setdefault("prepare_threshold", None)


def apply_environment(settings: Config) -> None:
    """Read the REGISTRY_* environment variables into ``settings``.

    REGISTRY_SECRET_KEY sets SECRET_KEY, REGISTRY_PLUGINS sets REGISTRY_PLUGINS; values are
    parsed as JSON when they can be, as Flask does.
    """
    before = set(settings)
    settings.from_prefixed_env("REGISTRY")
    for key in set(settings) - before:
        if "REGISTRY_" + key in settings:
            settings["REGISTRY_" + key] = settings.pop(key)


def secure_cookies_unless_configured(settings: Config) -> None:
    """In production, send the session cookie over https only, unless a setting says not to."""
    if settings.get("SESSION_COOKIE_SECURE") is None:
        settings["SESSION_COOKIE_SECURE"] = True


def require_real_secret_key(settings: Config) -> None:
    """Refuse to serve in production with the development secret key."""
    if settings.get("SECRET_KEY") in (None, "", DEV_SECRET_KEY):
        raise SystemExit(
            "Refusing to start: SECRET_KEY is not set. Set REGISTRY_SECRET_KEY in the "
            "environment, e.g. REGISTRY_SECRET_KEY=$(python -c 'import secrets; "
            "print(secrets.token_hex(32))')."
        )
