"""Reading the Authorization header: Bearer and Basic are understood, nothing else is."""

import pytest
from werkzeug.datastructures import Authorization

from registry.auth.credentials import credentials_from


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Basic YW5hOnMzY3JldA==", ("basic", "ana", "s3cret")),
        ("Bearer tok-123", ("bearer", None, "tok-123")),
        ("bearer  tok-123 ", ("bearer", None, "tok-123")),
        ("Negotiate abc", None),
        ("Basic !!!", None),
        ("Bearer", None),
    ],
)
def test_the_header_becomes_credentials_that_never_show_their_secret(header, expected):
    credentials = credentials_from(Authorization.from_header(header))
    if expected is None:
        assert credentials is None
        return
    assert (credentials.scheme, credentials.username, credentials.secret) == expected
    assert "s3cret" not in repr(credentials) and "tok-123" not in repr(credentials)


def test_no_header_is_no_credentials():
    assert credentials_from(None) is None
