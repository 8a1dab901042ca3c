"""What a model's page shows, shared by the page itself and the htmx fragments of it."""

from urllib.parse import parse_qs, urlsplit

from flask import render_template, request
from wtforms import SelectChoice

from ..errors import InvalidCursor
from ..models import ModelVersion, RegisteredModel
from ..services.events import list_events
from ..services.query import Page
from ..services.versions import aliased_versions, count_versions, versions_page
from .forms import AliasForm
from .helpers import is_htmx

HISTORY_PAGE_SIZE = 20
# A model may have tens of thousands of versions: its page shows them this many at a time.
VERSIONS_PAGE_SIZE = 50


def alias_form_for(versions: list[ModelVersion], **kwargs) -> AliasForm:
    """An alias form whose version select offers ``versions`` (see alias_choices)."""
    form = AliasForm(**kwargs)
    form.version.choices = [SelectChoice(version.version) for version in versions]
    return form


def shown_and(shown: list[ModelVersion], others: list[ModelVersion]) -> list[ModelVersion]:
    """``shown`` (a page of versions), then those of ``others`` it lacks: each version once."""
    ids = {version.id for version in shown}
    return shown + [version for version in others if version.id not in ids]


def alias_choices(model: RegisteredModel, shown: list[ModelVersion]) -> list[ModelVersion]:
    """The versions an alias can be pointed at from a page showing ``shown``: those, and every
    version an alias points at now (so that each alias's select shows where it is)."""
    return shown_and(shown, aliased_versions(model))


def versions_page_of(model: RegisteredModel, cursor: str | None = None) -> Page:
    """A page of the model's versions; a stale or foreign cursor shows the first page."""
    try:
        return versions_page(model, limit=VERSIONS_PAGE_SIZE, cursor=cursor or None)
    except InvalidCursor:
        return versions_page(model, limit=VERSIONS_PAGE_SIZE)


def versions_cursor_shown() -> str | None:
    """The versions cursor of the model page an htmx request came from (None for a request of
    another kind): sections redrawn in place keep showing the versions the user was looking at."""
    shown_from = request.headers.get("HX-Current-URL") if is_htmx() else None
    if not shown_from:
        return None
    return parse_qs(urlsplit(shown_from).query).get("versions", [None])[0]


def history_page(model: RegisteredModel, cursor: str | None = None) -> Page:
    """A page of the model's history; a stale or foreign cursor shows the newest page."""
    try:
        return list_events(model, limit=HISTORY_PAGE_SIZE, cursor=cursor or None)
    except InvalidCursor:
        return list_events(model, limit=HISTORY_PAGE_SIZE)


def page_context(
    model: RegisteredModel,
    alias_form: AliasForm | None = None,
    history_cursor: str | None = None,
    versions_cursor: str | None = None,
) -> dict[str, object]:
    """Everything the model page's sections render from."""
    versions = versions_page_of(model, versions_cursor)
    choices = alias_choices(model, versions.items)
    return {
        "model": model,
        "versions": versions.items,
        "versions_next": versions.next_cursor,
        "version_count": count_versions(model),
        "alias_choices": choices,
        "history": history_page(model, history_cursor),
        "alias_form": alias_form or alias_form_for(choices),
    }


def render_sections(model: RegisteredModel, primary: str, alias_form: AliasForm | None = None):
    """Render section ``primary`` of the model page, plus the others out of band (for htmx).

    The other sections (versions, aliases, history, flash messages) ride along with
    ``hx-swap-oob`` so the page stays consistent after a change made in place.
    """
    context = page_context(model, alias_form, versions_cursor=versions_cursor_shown())
    return render_template("web/_model_sections.html", primary=primary, **context)
