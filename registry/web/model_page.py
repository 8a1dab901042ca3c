"""What a model's page shows, shared by the page itself and the htmx fragments of it."""

from flask import render_template
from wtforms import SelectChoice

from ..errors import InvalidCursor
from ..models import ModelVersion, RegisteredModel
from ..services.events import list_events
from ..services.query import Page
from ..services.versions import list_versions
from .forms import AliasForm

HISTORY_PAGE_SIZE = 20


def alias_form_for(versions: list[ModelVersion], **kwargs) -> AliasForm:
    """An alias form whose version select offers the model's versions, highest first."""
    form = AliasForm(**kwargs)
    form.version.choices = [SelectChoice(version.version) for version in versions]
    return form


def history_page(model: RegisteredModel, cursor: str | None = None) -> Page:
    """A page of the model's history; a stale or foreign cursor shows the newest page."""
    try:
        return list_events(model, limit=HISTORY_PAGE_SIZE, cursor=cursor or None)
    except InvalidCursor:
        return list_events(model, limit=HISTORY_PAGE_SIZE)


def page_context(
    model: RegisteredModel, alias_form: AliasForm | None = None, history_cursor: str | None = None
) -> dict[str, object]:
    """Everything the model page's sections render from."""
    versions = list_versions(model.name)
    return {
        "model": model,
        "versions": versions,
        "history": history_page(model, history_cursor),
        "alias_form": alias_form or alias_form_for(versions),
    }


def render_sections(model: RegisteredModel, primary: str, alias_form: AliasForm | None = None):
    """Render section ``primary`` of the model page, plus the others out of band (for htmx).

    The other sections (versions, aliases, history, flash messages) ride along with
    ``hx-swap-oob`` so the page stays consistent after a change made in place.
    """
    return render_template(
        "web/_model_sections.html", primary=primary, **page_context(model, alias_form)
    )
