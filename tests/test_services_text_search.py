"""The text search (q) finds the same models whichever way SQLite or PostgreSQL serves it."""

from registry.services import model_search, registered_models
from registry.services.model_search import ModelFilter


def names_matching(text: str) -> list[str]:
    return [listing.model.name for listing in model_search.list_models(ModelFilter(q=text)).items]


def test_a_search_text_that_normalising_shortens_still_finds_names(app_context):
    # "e", a combining acute accent and "s" are three code points; their normal form "és" is
    # two, too short for a trigram index, so the search must not ask that index about it.
    registered_models.create_model("résumé parser")
    registered_models.create_model("other")
    assert names_matching("e\u0301s") == ["résumé parser"]
    assert names_matching("ésu") == ["résumé parser"]
