"""Search counts and facet counts kept in Redis for a short time.

A search's count and facets depend only on its SQL condition (which holds
the caller's permission labels) and on the index. Entries are keyed by a
hash of the compiled condition and by the index *generation*, a Redis
counter raised after every committed transaction that wrote the index: a
dataset created, changed or deleted anywhere makes every kept entry stale at
once, in every process. A session with index writes it has not committed
yet reads and keeps nothing (it must see its own writes).

``ckanext.satudata.search.cache_seconds`` (0 turns the cache off) bounds
how long an entry lives. Redis being unreachable only means no cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from typing import Any, Callable, TypeVar

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.redis import connect_to_redis
from redis.exceptions import RedisError

from ckanext.satudata import config as sd_config

log = logging.getLogger(__name__)

_GENERATION = "satudata:search:generation"
_PREFIX = "satudata:search:cache"
_WRITTEN = "satudata_search_written"
T = TypeVar("T")


def _site() -> str:
    # two portals may share a Redis database: their keys must not meet
    return tk.config.get("ckan.site_id") or ""


def generation_key() -> str:
    return f"{_GENERATION}:{_site()}"


def mark_written() -> None:
    """Called by the index on every write: the generation goes up once
    this session commits."""
    model.Session.info[_WRITTEN] = True


def _after_commit(session: sa.orm.Session) -> None:
    if session.info.pop(_WRITTEN, False) and sd_config.search_cache_seconds():
        bump()


def _after_rollback(session: sa.orm.Session) -> None:
    session.info.pop(_WRITTEN, None)


def bump() -> None:
    """Make every kept entry stale."""
    try:
        connect_to_redis().incr(generation_key())
    except RedisError as err:
        log.warning("Search cache: cannot reach Redis: %s", err)


def listen() -> None:
    """Hook the commit and rollback events (once)."""
    if not sa.event.contains(sa.orm.Session, "after_commit", _after_commit):
        sa.event.listen(sa.orm.Session, "after_commit", _after_commit)
        sa.event.listen(sa.orm.Session, "after_rollback", _after_rollback)


@functools.lru_cache(maxsize=16)
def _condition(clause: sa.sql.ClauseElement) -> str:
    """The SQL and parameters of a condition, as text. Kept for the last
    few conditions: a search asks for its count and its facets with the
    same one (the cache holds the clause, so its identity is not reused)."""
    compiled = clause.compile(dialect=model.meta.engine.dialect)
    return str(compiled) + json.dumps(sorted(compiled.params.items()),
                                      default=str)


def key_of(*parts: Any) -> str:
    """A key for a condition (SQLAlchemy clause) and other plain parts."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, sa.sql.ClauseElement):
            digest.update(_condition(part).encode())
        else:
            digest.update(json.dumps(part, default=str).encode())
    return digest.hexdigest()


def cached(parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same ``parts`` (see
    :func:`key_of`) in this index generation."""
    seconds = sd_config.search_cache_seconds()
    if not seconds or model.Session.info.get(_WRITTEN):
        return compute()
    key = key_of(*parts)
    try:
        redis = connect_to_redis()
        generation = int(redis.get(generation_key()) or 0)
        name = f"{_PREFIX}:{_site()}:{generation}:{key}"
        kept = redis.get(name)
    except RedisError as err:
        log.warning("Search cache: cannot reach Redis: %s", err)
        return compute()
    if kept is not None:
        return json.loads(kept)
    value = compute()
    try:
        redis.setex(name, seconds, json.dumps(value))
    except RedisError as err:
        log.warning("Search cache: cannot reach Redis: %s", err)
    return value
