"""Access matrix rows for the account page, where every signed-in user chooses the language of
the pages. It names no record by id (each user changes only their own), so no IDOR probes."""

from __future__ import annotations

from tests.matrix import LOGIN, OK, REDIRECT, Key, Row

# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("accounts.account", "GET", "/account"):
        Row(LOGIN,    OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ("accounts.account", "POST", "/account"):
        Row(LOGIN,    REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT,
            form=lambda w: {"language": "es"}),
}
# fmt: on
