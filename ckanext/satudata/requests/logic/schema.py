"""navl schemas of the request and complaint actions. Every text is
plain: HTML is refused (it would never be rendered, and a stored script is
a trap for the next tool that shows it)."""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.satudata.logic.validators import max_length

from .. import machine

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]|&#?\w+;")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,30}$")
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")


def no_html(value: Any) -> Any:
    if isinstance(value, str) and _TAG.search(value):
        raise tk.Invalid(tk._("HTML and markup are not allowed here"))
    return value


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def email(value: Any) -> Any:
    value = str(value).strip().lower()
    if len(value) > 254 or not _EMAIL.match(value):
        raise tk.Invalid(tk._("Please enter a valid e-mail address"))
    return value


def phone(value: Any) -> Any:
    value = str(value).strip()
    if value and not _PHONE.match(value):
        raise tk.Invalid(tk._("Please enter a valid phone number"))
    return value


def empty_trap(value: Any) -> Any:
    """The honeypot: a field people never see, so never fill."""
    if value:
        raise tk.Invalid(tk._("The form could not be accepted"))
    return value


def one_of_list(values: tuple[str, ...] | list[str]):
    def validator(value: Any) -> Any:
        if value not in values:
            raise tk.Invalid(tk._("Not a valid choice"))
        return value

    return validator


def _text(limit: int, *, required: bool = True) -> list[Validator]:
    if required:  # stripped first: blanks alone are no text
        return [_strip, tk.get_validator("not_empty"),
                tk.get_validator("unicode_safe"), no_html,
                max_length(limit)]
    return [tk.get_validator("ignore_missing"),
            tk.get_validator("unicode_safe"), _strip, no_html,
            max_length(limit)]


def _contact(required_name: bool) -> Schema:
    return {
        "name": _text(100, required=required_name),
        "email": [tk.get_validator("not_empty"),
                  tk.get_validator("unicode_safe"), email],
        "phone": [tk.get_validator("ignore_missing"),
                  tk.get_validator("unicode_safe"), phone],
        "email_token": [tk.get_validator("ignore_missing"),
                        tk.get_validator("unicode_safe"), max_length(500)],
        "website": [tk.get_validator("ignore_missing"), empty_trap],
    }


@validator_args
def request_create() -> Schema:
    return dict(
        _contact(True),
        institution=_text(200),
        title=_text(200),
        description=_text(5000),
        purpose=_text(2000),
        data_format=_text(100, required=False),
        region=_text(200, required=False),
        period=_text(100, required=False),
        organization=_text(100, required=False),
    )


@validator_args
def complaint_create(boolean_validator: Validator) -> Schema:
    return dict(
        _contact(False),
        institution=_text(200, required=False),
        category=[tk.get_validator("not_empty"),
                  one_of_list(machine.CATEGORIES)],
        description=_text(5000),
        dataset=_text(100, required=False),
        resource=_text(100, required=False),
        confidential=[tk.get_validator("ignore_missing"),
                      boolean_validator],
    )


@validator_args
def email_link(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {
        "email": [not_empty, unicode_safe, email],
        "kind": [tk.get_validator("ignore_missing"),
                 one_of_list(machine.KINDS)],
        "website": [tk.get_validator("ignore_missing"), empty_trap],
    }


def _case(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe, max_length(100)],
            # the requester, without an account: the e-mail they gave
            "email": [tk.get_validator("ignore_missing"), unicode_safe,
                      max_length(254)]}


@validator_args
def show(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return _case(not_empty, unicode_safe)


@validator_args
def step(not_empty: Validator, unicode_safe: Validator,
         ignore_missing: Validator, boolean_validator: Validator) -> Schema:
    """assign, extend, fulfil, refuse, objection, verify, resolve, link."""
    return dict(
        _case(not_empty, unicode_safe),
        note=_text(5000, required=False),
        organizations=[ignore_missing, _list],
        datasets=[ignore_missing, _list],
        partial=[ignore_missing, boolean_validator],
        ground=[ignore_missing, unicode_safe, max_length(50)],
        legal_basis=_text(1000, required=False),
        availability=[ignore_missing, one_of_list(machine.AVAILABILITY)],
        organization=_text(100, required=False),
    )


@validator_args
def comment(not_empty: Validator, unicode_safe: Validator,
            ignore_missing: Validator, boolean_validator: Validator
            ) -> Schema:
    return dict(
        _case(not_empty, unicode_safe),
        body=_text(5000),
        internal=[ignore_missing, boolean_validator],
    )


@validator_args
def listing(ignore_missing: Validator, unicode_safe: Validator,
            boolean_validator: Validator, natural_number_validator:
            Validator, int_validator: Validator) -> Schema:
    return {
        "state": [ignore_missing, unicode_safe, max_length(50)],
        "overdue": [ignore_missing, boolean_validator],
        "organization": [ignore_missing, unicode_safe, max_length(100)],
        "q": [ignore_missing, unicode_safe, max_length(200)],
        "register": [ignore_missing, boolean_validator],
        "limit": [ignore_missing, natural_number_validator,
                  _at_most(1000)],
        "offset": [ignore_missing, natural_number_validator,
                   _at_most(10_000_000)],
    }


@validator_args
def metrics(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {
        "start": [ignore_missing, unicode_safe, _date],
        "end": [ignore_missing, unicode_safe, _date],
    }


def _at_most(limit: int):
    def validator(value: Any) -> Any:
        try:
            number = int(value)
        except (TypeError, ValueError):
            return value  # not a number: the validator before says so
        if number > limit:
            raise tk.Invalid(tk._("At most {limit}").format(limit=limit))
        return number

    return validator


def _date(value: Any) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise tk.Invalid(tk._("A date like 2026-01-31 is needed")) from None


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    if not isinstance(value, (list, tuple)) or not all(
            isinstance(v, str) and v and len(v) <= 100 for v in value):
        raise tk.Invalid(tk._("A list of names or ids is needed"))
    if len(value) > 50:
        raise tk.Invalid(tk._("At most 50 at once"))
    return list(dict.fromkeys(value))
