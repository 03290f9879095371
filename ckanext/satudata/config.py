"""Typed getters for ckanext-satudata's configuration options.

Every option is declared in ``config_declaration.yaml``; read them through
these functions, at call time, never at import time.
"""

from __future__ import annotations

import datetime as dt
import os

import ckan.plugins.toolkit as tk

from ckanext.satudata import workdays

HERE = os.path.dirname(__file__)


def search_text_config() -> str:
    """PostgreSQL text-search configuration used for stemmed search."""
    return tk.config.get("ckanext.satudata.search.text_config")


def search_timeout() -> int:
    """Milliseconds a dataset search may take (0: no limit)."""
    return max(int(tk.config.get("ckanext.satudata.search.timeout") or 0),
               0)


def search_cache_seconds() -> int:
    """Seconds search counts and facets are kept (0: not kept)."""
    return max(int(tk.config.get(
        "ckanext.satudata.search.cache_seconds") or 0), 0)


def walidata_organizations() -> list[str]:
    """Names of the organisations whose members act as walidata."""
    return tk.config.get("ckanext.satudata.walidata_organizations")


def contact_email() -> str:
    """The walidata's public contact address (may be empty)."""
    return tk.config.get("ckanext.satudata.contact_email") or ""


def pembina_organizations() -> list[str]:
    """Names of the organisations whose members act as Pembina Data."""
    return tk.config.get("ckanext.satudata.pembina_organizations") or []


def qa_checklist_path() -> str:
    """The quality-assurance checklist file."""
    return tk.config.get("ckanext.satudata.workflow.qa_checklist") or (
        os.path.join(HERE, "workflow", "qa_checklist.yaml"))


def sla_days() -> dict[str, int]:
    """Working days a task may wait, by the state it waits in."""
    return {
        "submitted": tk.config.get(
            "ckanext.satudata.workflow.sla_verification_days"),
        "verified": tk.config.get(
            "ckanext.satudata.workflow.sla_publication_days"),
    }


def notify() -> bool:
    return tk.config.get("ckanext.satudata.workflow.notify")


def days_off() -> list[dt.date]:
    """Collective leave and local days off (ValueError names a bad one)."""
    return workdays.parse_dates(
        tk.config.get("ckanext.satudata.cuti_bersama") or [])


def calendar() -> workdays.Calendar:
    return workdays.Calendar(days_off())


# data requests and complaints (satudata_requests plugin)

def timezone() -> dt.tzinfo:
    """The portal's local time zone: deadlines count its working days."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(tk.config.get("ckanext.satudata.timezone"))


def today() -> dt.date:
    return dt.datetime.now(timezone()).date()


def requests_allow_anonymous() -> bool:
    return tk.config.get("ckanext.satudata.requests.allow_anonymous")


def request_days() -> dict[str, int]:
    """Working days: to answer, of the one extension, to answer an
    objection, and of the reminder before a deadline."""
    get = tk.config.get
    return {
        "answer": get("ckanext.satudata.requests.deadline_days"),
        "extension": get("ckanext.satudata.requests.extension_days"),
        "objection": get("ckanext.satudata.requests.objection_days"),
        "reminder": get("ckanext.satudata.requests.reminder_days"),
    }


def refusal_grounds() -> list[str]:
    return tk.config.get("ckanext.satudata.requests.refusal_grounds")


def complaint_sla_days() -> dict[str, int]:
    """Working days to settle a complaint, by category (``other`` for the
    categories not listed). ValueError names a malformed entry."""
    found = {}
    for item in tk.config.get("ckanext.satudata.complaints.sla_days"):
        code, _, days = str(item).partition(":")
        if not code or not days.strip().isdigit():
            raise ValueError(item)
        found[code.strip()] = int(days)
    return found


def rate_limit() -> tuple[int, int]:
    """Submissions allowed per IP address and per e-mail address, and the
    window in seconds."""
    value = str(tk.config.get("ckanext.satudata.requests.rate_limit"))
    count, _, seconds = value.partition("/")
    return int(count), int(seconds or 3600)


def retention_days() -> int:
    return tk.config.get("ckanext.satudata.requests.retention_days")


def email_link_hours() -> int:
    return tk.config.get("ckanext.satudata.requests.email_link_hours")


def requests_notify() -> bool:
    return tk.config.get("ckanext.satudata.requests.notify")


def harvest_timeout() -> int:
    """Seconds the DCAT harvester waits for a remote catalogue."""
    return tk.config.get("ckanext.satudata.harvest.timeout")


# Daftar Data and monitoring (satudata_daftar plugin)

def daftar_lag_days() -> int:
    """Working days after a period ends that its release is due."""
    return tk.config.get("ckanext.satudata.daftar.lag_days")


def daftar_reminder_days() -> int:
    """Days before a due date that the OPD's operators are reminded."""
    return tk.config.get("ckanext.satudata.daftar.reminder_days")


def daftar_notify() -> bool:
    return tk.config.get("ckanext.satudata.daftar.notify")
