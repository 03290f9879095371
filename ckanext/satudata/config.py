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
