"""HTTP to remote catalogues (harvesting in): a time limit ckanext-dcat's
RDF harvester does not set itself, so a portal that never answers is a
recorded "timed out" error, not a job that hangs."""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter


class TimeLimitAdapter(HTTPAdapter):
    """An adapter that gives every request a timeout unless the caller
    gave one."""

    def __init__(self, seconds: float, **kwargs: Any) -> None:
        self.seconds = seconds
        super().__init__(**kwargs)

    def send(self, request: requests.PreparedRequest, *args: Any,
             **kwargs: Any) -> requests.Response:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.seconds
        return super().send(request, *args, **kwargs)


def with_time_limit(session: requests.Session, seconds: float
                    ) -> requests.Session:
    adapter = TimeLimitAdapter(seconds)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
