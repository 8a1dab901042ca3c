"""The registry's data rules, each written once; every door reaches them through the services."""

import math
import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

from flask import current_app

from ..errors import ValidationFailed

NAME_MAX = 256
VERSION_PATTERN = re.compile(r"[A-Za-z0-9._+-]{1,64}")
ALIAS_MAX = 255
ALIAS_PATTERN = re.compile(rf"[\w\-]{{1,{ALIAS_MAX}}}")
RESERVED_VERSION_ALIAS = re.compile(r"[vV]\d+")
TAG_KEY_MAX = 250
TAG_VALUE_MAX = 5000
DESCRIPTION_MAX = 65536
SOURCE_MAX = 1024
RUN_ID_MAX = 64
FRAMEWORK_MAX = 64  # the framework column's length; the allowed names are configured
STAGES = ("None", "Staging", "Production", "Archived")
STATUSES = ("PENDING_REGISTRATION", "FAILED_REGISTRATION", "READY")
# Lone surrogates are not Unicode text: no database stores them and no encoder writes them.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
# MLflow's version numbers are 32-bit integers: this bound leaves room for the next one.
MAX_VERSION_NUMBER = 2_000_000_000


class Checker:
    """Collects every failing field of one request, so the caller hears about all at once."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def add(self, field: str, message: str | None) -> None:
        """Record ``message`` against ``field`` when there is one."""
        if message:
            self.errors.append((field, message))

    def raise_if_failed(self) -> None:
        """Raise ValidationFailed with everything recorded."""
        if self.errors:
            raise ValidationFailed(self.errors)


def storable(text: object) -> bool:
    """Say whether a database can hold and compare ``text``: no NUL, no lone surrogate."""
    return not _UNSTORABLE.search(str(text))


def require(field: str, message: str | None) -> None:
    """Raise ValidationFailed for a single field's message, if any."""
    if message:
        raise ValidationFailed([(field, message)])


def name_key(name: str) -> str:
    """Return the form names are unique by: Unicode-normalised and case-folded."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def name_problem(name: object) -> str | None:
    """Say what is wrong with a model name, or None when it is fine."""
    if not isinstance(name, str) or not name:
        return "Name is required."
    if len(name) > NAME_MAX:
        return f"Name must be at most {NAME_MAX} characters."
    if CONTROL.search(name):
        return "Name must not contain control characters."
    if name != name.strip():
        return "Name must not start or end with a space."
    if "/" in name or ":" in name:
        return "Name must not contain '/' or ':'."
    if name in (".", ".."):
        return "Name must not be '.' or '..'."
    return None


def version_problem(version: object) -> str | None:
    """Say what is wrong with a version label, or None when it is fine."""
    if not isinstance(version, str) or not version:
        return "Version is required."
    if not VERSION_PATTERN.fullmatch(version):
        return "Version must be 1-64 characters of letters, digits, '.', '_', '+' or '-'."
    if (version_number(version) or 0) > MAX_VERSION_NUMBER:
        return f"Version numbers must be at most {MAX_VERSION_NUMBER}."
    return None


def version_number(version: str) -> int | None:
    """Return the integer value of a label such as "7" (MLflow's version number), or None."""
    return int(version) if version.isascii() and version.isdigit() else None


def version_sort_key(version: str) -> str:
    """Zero-pad each numeric run so that string order is version order ("1.10" > "1.9")."""
    return re.sub(r"\d+", lambda match: match.group().zfill(12)[-12:], version)


def alias_problem(alias: object) -> str | None:
    """Say what is wrong with an alias name (MLflow's rule), or None when it is fine."""
    if not isinstance(alias, str) or not alias:
        return "Alias is required."
    if not ALIAS_PATTERN.fullmatch(alias):
        return f"Alias must be 1-{ALIAS_MAX} characters of letters, digits, '_' or '-'."
    if alias.lower() == "latest":
        return "'latest' alias name (case insensitive) is reserved."
    if RESERVED_VERSION_ALIAS.fullmatch(alias):
        return f"Version alias name '{alias}' is reserved."
    return None


def framework_problem(framework: object) -> str | None:
    """Say what is wrong with a framework, or None when it is one of the configured ones."""
    allowed = current_app.config["REGISTRY_FRAMEWORKS"]
    if not isinstance(framework, str) or not framework:
        return "Framework is required."
    if framework not in allowed:
        return f"Framework must be one of: {', '.join(allowed)}."
    return None


def stage_problem(stage: object) -> str | None:
    """Say what is wrong with a stage, or None when it is one of MLflow's four."""
    if stage not in STAGES:
        return f"Stage must be one of: {', '.join(STAGES)}."
    return None


def status_problem(status: object) -> str | None:
    """Say what is wrong with a version status, or None when it is one of MLflow's three."""
    if status not in STATUSES:
        return f"Status must be one of: {', '.join(STATUSES)}."
    return None


def canonical_stage(stage: str) -> str:
    """Match a stage case-insensitively ("production" -> "Production"); unknown ones pass."""
    return next((known for known in STAGES if known.lower() == str(stage).lower()), stage)


def text_problem(label: str, value: object, limit: int) -> str | None:
    """Say what is wrong with a free-text field (description), or None."""
    if not isinstance(value, str):
        return f"{label} must be text."
    if len(value) > limit:
        return f"{label} must be at most {limit} characters."
    if not storable(value):
        return f"{label} must not contain NUL characters or invalid Unicode."
    return None


def key_problem(label: str, key: object) -> str | None:
    """Say what is wrong with a tag or metric key, or None."""
    if not isinstance(key, str) or not key:
        return f"{label} key is required."
    if len(key) > TAG_KEY_MAX:
        return f"{label} key must be at most {TAG_KEY_MAX} characters."
    if CONTROL.search(key):
        return f"{label} key must not contain control characters."
    return None


def mapping_problem(field: str, value: object) -> str | None:
    """Say what is wrong with a field that maps names to values (None is an empty one), or None."""
    if value is None or isinstance(value, Mapping):
        return None
    return f"{field.capitalize()} must be a mapping of names to values."


def check_tags(checker: Checker, field: str, tags: Mapping[str, object] | None) -> None:
    """Record a problem for every bad key or value in ``tags`` (or for no mapping at all)."""
    if problem := mapping_problem(field, tags):
        checker.add(field, problem)
        return
    for key, value in (tags or {}).items():
        checker.add(field, key_problem("Tag", key))
        checker.add(field, text_problem(f"Tag '{key}' value", value, TAG_VALUE_MAX))


def metric_value_problem(key: str, value: object) -> str | None:
    """Say what is wrong with a metric value (finite numbers only), or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"Metric '{key}' must be a number."
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an integer too large for a float (JSON allows any length)
        finite = False
    if not finite:
        return f"Metric '{key}' must be a finite number."
    return None


def check_metrics(checker: Checker, field: str, metrics: Mapping[str, object] | None) -> None:
    """Record a problem for every bad key or value in ``metrics`` (or for no mapping at all)."""
    if problem := mapping_problem(field, metrics):
        checker.add(field, problem)
        return
    for key, value in (metrics or {}).items():
        checker.add(field, key_problem("Metric", key))
        checker.add(field, metric_value_problem(key, value))


def source_problem(source: object) -> str | None:
    """Say what is wrong with a source URI under the URI policy, or None.

    The URI is only ever stored and shown: never opened, fetched, listed or proxied.
    """
    if not isinstance(source, str):
        return "Source must be text."
    if not source:
        return None
    if len(source) > SOURCE_MAX:
        return f"Source must be at most {SOURCE_MAX} characters."
    decoded = unquote(source)
    if CONTROL.search(decoded) or " " in source or "\\" in decoded:
        return "Source must not contain spaces, backslashes or control characters."
    parts = urlsplit(source)
    scheme = parts.scheme.lower()
    if not scheme:
        return "Source must be a URI with a scheme, such as s3://bucket/path."
    if scheme not in _allowed_schemes():
        return (
            f"Source scheme '{scheme}' is not allowed; use one of: {', '.join(_allowed_schemes())}."
        )
    if "@" in parts.netloc:
        return "Source must not contain user credentials."
    if ".." in decoded.split("/"):
        return "Source must not contain '..' segments."
    return None


def _allowed_schemes() -> list[str]:
    schemes = list(current_app.config["REGISTRY_SOURCE_SCHEMES"])
    if current_app.config["REGISTRY_ALLOW_FILE_URIS"]:
        schemes.append("file")
    return schemes
