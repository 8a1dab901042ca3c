"""Account lookups with values no row can hold find nothing, on either database."""

import pytest

from registry.errors import NotFound
from registry.services import tokens, users


@pytest.mark.parametrize("username", ["a\x00b", "\x00"])
def test_a_username_holding_nul_is_not_found(app_context, username):
    with pytest.raises(NotFound):
        users.get_user(username)
    with pytest.raises(NotFound):
        users.set_disabled(username, True)


@pytest.mark.parametrize("token_id", [2**63, 10**30, 0, -1])
def test_a_token_id_no_row_can_hold_is_not_found(app_context, token_id):
    with pytest.raises(NotFound):
        tokens.revoke_token(token_id)
