"""A time limit for the SQL statements of one search.

PostgreSQL cancels a statement that outlives ``statement_timeout``; the
limit here covers a whole search (count, results and facets together), so
the statements are given the time that is left. See :func:`time_limit`.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any, Iterator

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

#: PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout
QUERY_CANCELED = "57014"
#: the time left is given to PostgreSQL again once this much of it is used
_REARM_MS = 100


class OutOfTime(Exception):
    """A search used up its time between two statements."""


def too_long_message() -> str:
    return tk._("The search took too long and was stopped: try fewer "
                "words or filters")


@contextlib.contextmanager
def time_limit(milliseconds: int) -> Iterator[None]:
    """Give the SQL statements of the block ``milliseconds`` in all.

    Call it inside a savepoint (``Session.begin_nested``). The limit is a
    ``statement_timeout`` set with ``set_config(..., true)`` (``SET
    LOCAL``); before a statement, once ``_REARM_MS`` more have passed, it
    is lowered to the time left, so that several slow statements cannot
    add up. A statement running out is cancelled by PostgreSQL (SQLSTATE
    57014); one starting after the time is up raises :class:`OutOfTime`.
    ``SET LOCAL`` would last to the end of the request's transaction: a
    normal end sets the previous value back, and a rollback to the
    savepoint undoes the setting by itself. 0: no limit.
    """
    if milliseconds <= 0:
        yield
        return
    connection = model.Session.connection()
    previous = connection.execute(sa.text(
        "SELECT p.previous, set_config('statement_timeout', :limit, true) "
        "FROM (SELECT current_setting('statement_timeout') AS previous "
        "OFFSET 0) AS p"), {"limit": str(milliseconds)}).scalar()
    deadline = time.monotonic() + milliseconds / 1000
    armed = [milliseconds]

    def rearm(conn: Any, cursor: Any, statement: str, parameters: Any,
              context: Any, executemany: bool) -> None:
        left = int((deadline - time.monotonic()) * 1000)
        if left <= 0:
            raise OutOfTime()
        if armed[0] - left >= _REARM_MS:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true)",
                (str(left),))
            armed[0] = left

    sa.event.listen(connection, "before_cursor_execute", rearm)
    try:
        yield
    finally:
        sa.event.remove(connection, "before_cursor_execute", rearm)
    connection.execute(sa.text(
        "SELECT set_config('statement_timeout', :previous, true)"),
        {"previous": previous})
