"""E-mails sent for real in tests: a local SMTP catcher (aiosmtpd) that
CKAN's mailer points at (the ``mailbox`` fixture), and ``deliver`` that
runs the queued background jobs as ``ckan jobs worker`` does (burst mode,
no fork: use it with CKAN's ``clean_queues`` and ``with_test_worker``
fixtures). Import the fixture into a conftest to use it."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import socket
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from ckan.lib import jobs

MAIL_FROM = "portal@satudata.test"


@dataclasses.dataclass
class Mail:
    """One message the catcher received."""

    sender: str
    to: list[str]
    subject: str
    body: str


class _Catcher:
    def __init__(self) -> None:
        self.received: list[Mail] = []

    async def handle_DATA(self, server: Any, session: Any,
                          envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content,
                                           policy=email.policy.default)
        self.received.append(Mail(
            sender=envelope.mail_from, to=list(envelope.rcpt_tos),
            # Python folds a long Subject right after "Subject:"; a mail
            # client unfolds it without the leading blank
            subject=str(message["Subject"]).strip(),
            body=message.get_content()))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox(ckan_config):
    """An SMTP server on 127.0.0.1 that keeps what it receives; CKAN's
    mailer points at it. Yields the list of received messages."""
    catcher = _Catcher()
    port = free_port()
    controller = Controller(catcher, hostname="127.0.0.1", port=port)
    controller.start()
    ckan_config["smtp.server"] = f"127.0.0.1:{port}"
    ckan_config["smtp.mail_from"] = MAIL_FROM
    try:
        yield catcher.received
    finally:
        controller.stop()


def deliver(mailbox: list[Mail]) -> list[Mail]:
    """Run the queued jobs as ``ckan jobs worker`` does (burst, no fork);
    the messages they sent, taken out of the mailbox."""
    queue = jobs.get_queue()
    jobs.Worker().work(burst=True)
    assert queue.count == 0
    assert queue.failed_job_registry.get_job_ids() == []
    got = list(mailbox)
    mailbox.clear()
    return got


def to(mails: list[Mail]) -> list[str]:
    """Every recipient of ``mails``, sorted."""
    return sorted(addr for m in mails for addr in m.to)
