"""Template filters and globals of the web door."""

import json
from datetime import UTC, datetime

from flask import Flask, current_app, g, url_for

from ..models import Event
from .converters import quote_segment
from .markdown import card_summary, render_card

# A change longer than this (a whole model card) is cut in the history; the card shows it all.
CHANGE_TEXT_MAX = 160


def init_app(app: Flask) -> None:
    """Register the filters and the context every page template may use."""
    app.add_template_filter(render_card, "card")
    app.add_template_filter(card_summary, "summary")
    app.add_template_filter(format_when, "when")
    app.add_template_filter(format_value, "value")
    app.add_template_filter(event_changes, "changes")
    app.add_template_filter(model_href, "model_href")
    app.context_processor(page_globals)


def page_globals() -> dict[str, object]:
    """Values the page frame shows: the year for the footer, the configured frameworks, and
    the API docs page when the app serves one (the api plugin may not be loaded)."""
    served = "api_v1.docs_page" in current_app.view_functions
    return {
        "current_year": datetime.now(UTC).year,
        "frameworks": current_app.config["REGISTRY_FRAMEWORKS"],
        "api_docs_url": url_for("api_v1.docs_page") if served else None,
    }


def model_href(name: str) -> str:
    """The URL of the page of the model called ``name``: what url_for gives, built once per
    request around a placeholder (url_for costs more than the rest of a list row)."""
    around = g.get("model_href_around")
    if around is None:
        # The name's converter quotes every reserved character: "\0" comes out as "%00".
        around = g.model_href_around = url_for("web.show_model", name="\0").split("%00")
    return quote_segment(name).join(around)


def format_when(moment: datetime | None) -> str:
    """Show a stored (naive UTC) time to the minute, marked as UTC."""
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def format_value(value: object) -> str:
    """Show a stored value compactly: numbers to six figures, nothing as an em dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return format(value, ".6g")
    if isinstance(value, datetime):
        return format_when(value)
    if isinstance(value, dict):
        return ", ".join(f"{key}={format_value(item)}" for key, item in value.items()) or "—"
    return str(value)


def event_changes(event: Event) -> list[tuple[str, str, str]]:
    """List ``(field, before, after)`` for each field an event changed, as display text.

    An alias is always named (a move changes only its version); empty fields are left out.
    """
    before, after = event.before or {}, event.after or {}
    rows = []
    for field in dict.fromkeys([*before, *after]):
        old, new = before.get(field), after.get(field)
        if field == "alias" or (old != new and (old or new)):
            rows.append((field, _shown(old), _shown(new)))
    return rows


def _shown(value: object) -> str:
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else "—"
    else:
        text = format_value(value)
    return text if len(text) <= CHANGE_TEXT_MAX else text[: CHANGE_TEXT_MAX - 1] + "…"
