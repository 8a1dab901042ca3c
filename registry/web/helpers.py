"""Small helpers shared by the web views: htmx detection, form errors, stale copies."""

from collections.abc import Mapping

from flask import request
from flask_wtf import FlaskForm

from ..errors import ValidationFailed


def is_htmx() -> bool:
    """Tell whether htmx asked for a fragment (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def show_errors(
    form: FlaskForm, error: ValidationFailed, field_map: Mapping[str, str] | None = None
) -> None:
    """Put each of the service's messages on the form field it concerns.

    :param field_map: service field name -> form field name, where the two differ.
    Messages for fields the form lacks become form-level errors.
    """
    field_map = field_map or {}
    for service_field, message in error.fields:
        add_error(form, field_map.get(service_field, service_field), message)


def add_error(form: FlaskForm, field_name: str, message: str) -> None:
    """Attach ``message`` to ``field_name`` of ``form``, or to the form as a whole."""
    field = form._fields.get(field_name)
    if field is None or field_name in ("csrf_token", "row_version"):
        form.form_errors.append(message)
        return
    if not isinstance(field.errors, list):
        field.errors = list(field.errors)
    if message not in field.errors:
        field.errors.append(message)


def refuse_stale(form: FlaskForm, row_version: int, message: str) -> int:
    """Re-show a form posted against a stale copy: say why, and carry the row version stored
    now (not the stale one posted), so saving again is a deliberate overwrite. Return 409."""
    form.row_version.data = row_version
    # A field renders what was posted when there is any; forget it.
    form.row_version.raw_data = None
    form.form_errors.append(message)
    return 409


def stale_edit(thing: str) -> str:
    """What a stale edit form says about ``thing`` ("model", "version")."""
    return (
        f"Someone else changed this {thing} while you were editing. The current values are "
        "shown beside yours; save again to replace them with yours."
    )


def stale_delete(thing: str) -> str:
    """What a stale delete confirmation says about ``thing``."""
    return f"This {thing} changed since you opened this page. Check it, then confirm again."
