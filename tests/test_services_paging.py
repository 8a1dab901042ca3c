"""Keyset cursors: stable while rows come and go, and bound to the query that made them."""

import pytest

from registry.errors import InvalidCursor
from registry.services import model_search, registered_models
from registry.services.model_search import ModelFilter


def all_pages(model_filter, limit, between_pages=None):
    names, cursor = [], None
    while True:
        page = model_search.list_models(model_filter, limit=limit, cursor=cursor)
        names += [row.model.name for row in page.items]
        if page.next_cursor is None:
            return names
        cursor = page.next_cursor
        if between_pages:
            between_pages()


@pytest.mark.parametrize("sort", ["name", "-name", "created", "-created"])
def test_pages_cover_every_row_once(app_context, sort):
    for index in range(23):
        registered_models.create_model(f"model-{index:02d}")
    names = all_pages(ModelFilter(sort=sort), limit=5)
    assert len(names) == 23 and len(set(names)) == 23


def test_no_skips_or_repeats_while_rows_are_inserted_and_deleted(app_context):
    for index in range(0, 40, 2):
        registered_models.create_model(f"m{index:02d}")
    seen_deleted = []

    def churn():
        # Insert rows before and after the cursor, and delete one not yet served.
        registered_models.create_model(f"m{len(seen_deleted) * 2 + 1:02d}")
        target = f"m{38 - len(seen_deleted) * 2:02d}"
        registered_models.delete_model(target)
        seen_deleted.append(target)

    names = all_pages(ModelFilter(sort="name"), limit=4, between_pages=churn)
    assert len(names) == len(set(names)), "a row was served twice"
    assert names == sorted(names)
    untouched = {f"m{index:02d}" for index in range(0, 40, 2)} - set(seen_deleted)
    assert untouched <= set(names), "a row that stayed was skipped"
    assert not set(seen_deleted) & set(names), "a row deleted before it was reached was served"


def test_a_cursor_is_refused_for_another_filter_or_sort(app_context):
    for index in range(3):
        registered_models.create_model(f"m{index}")
    cursor = model_search.list_models(ModelFilter(sort="name"), limit=1).next_cursor
    with pytest.raises(InvalidCursor, match="another query"):
        model_search.list_models(ModelFilter(sort="-name"), limit=1, cursor=cursor)
    with pytest.raises(InvalidCursor, match="another query"):
        model_search.list_models(ModelFilter(q="m"), limit=1, cursor=cursor)


@pytest.mark.parametrize(
    "cursor", ["garbage", "e30", "eyJxIjoxfQ", "!!!", "eyJxIjoiYSIsImsiOlt7fV19"]
)
def test_malformed_cursors_are_refused(app_context, cursor):
    with pytest.raises(InvalidCursor):
        model_search.list_models(cursor=cursor)
