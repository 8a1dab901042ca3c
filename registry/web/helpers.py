"""Small helpers shared by the web views: htmx detection, form errors."""

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


def carry_row_version(form: FlaskForm, row_version: int) -> None:
    """Make a re-rendered form carry the row version stored now, not the stale one posted."""
    form.row_version.data = row_version
    # A field renders what was posted when there is any; forget it.
    form.row_version.raw_data = None
