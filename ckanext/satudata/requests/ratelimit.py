"""Rate limits of the public forms, counted in Redis: so many submissions
per IP address and per e-mail address in a window
(``ckanext.satudata.requests.rate_limit``)."""

from __future__ import annotations

import hashlib
import logging

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from ckanext.satudata import config as sd_config

log = logging.getLogger(__name__)

PREFIX = "satudata:ratelimit:"


def client_ip() -> str | None:
    """The caller's address, when the call comes through a web request."""
    try:
        return tk.request.remote_addr
    except (RuntimeError, AttributeError):
        return None


def _key(scope: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()
    return f"{PREFIX}{scope}:{digest[:32]}"


#: failed tracking attempts (number and e-mail that do not match) allowed
#: per IP address, as a multiple of the submissions
TRACKING_FACTOR = 4


def too_many() -> tk.ValidationError:
    return tk.ValidationError({"rate_limit": [tk._(
        "Too many submissions from you in a short time. Please try "
        "again later.")]})


def tracking_blocked() -> bool:
    """Whether this IP address made too many failed tracking attempts."""
    ip = client_ip()
    if not ip:
        return False
    limit, _ = sd_config.rate_limit()
    try:
        count = connect_to_redis().get(_key("track", ip))
    except Exception:  # Redis down: tracking stays usable
        log.exception("Rate limit not read")
        return False
    return int(count or 0) >= limit * TRACKING_FACTOR


def tracking_failed() -> None:
    """Count a failed tracking attempt of this IP address (guessing the
    e-mail address of a case's requester)."""
    hit(None, scope="track", factor=TRACKING_FACTOR, email_too=False)


def hit(email: str | None, scope: str = "ip", factor: int = 1,
        email_too: bool = True) -> None:
    """Count one submission; ValidationError once the IP or the e-mail is
    past the limit (the counts keep running: waiting is the only way)."""
    limit, window = sd_config.rate_limit()
    limit *= factor
    keys = []
    ip = client_ip()
    if ip:
        keys.append(_key(scope, ip))
    if email and email_too:
        keys.append(_key("email", email))
    if not keys:
        return
    try:
        redis = connect_to_redis()
        pipe = redis.pipeline()
        for key in keys:
            pipe.incr(key)
            pipe.expire(key, window, nx=True)
        counts = pipe.execute()[::2]
    except Exception:  # Redis down: the form stays usable
        log.exception("Rate limit not counted")
        return
    if any(int(count) > limit for count in counts):
        raise too_many()


def reset() -> None:
    """Forget every count (tests, or an operator after an incident)."""
    redis = connect_to_redis()
    for key in redis.scan_iter(f"{PREFIX}*"):
        redis.delete(key)
