"""navl schemas of the workflow actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.satudata.logic.validators import max_length


def _keep(value: Any) -> Any:
    """Any value (the QA answers: a dict, a list or JSON text), checked by
    the action."""
    return value


def _id_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    if not isinstance(value, (list, tuple)) or not all(
            isinstance(v, str) and v for v in value):
        raise tk.Invalid(tk._("A list of dataset ids or names is needed"))
    if len(value) > 200:
        raise tk.Invalid(tk._("At most 200 datasets at once"))
    return list(dict.fromkeys(value))


@validator_args
def transition(not_empty: Validator, ignore_missing: Validator,
               unicode_safe: Validator, boolean_validator: Validator
               ) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "note": [ignore_missing, unicode_safe, max_length(5000)],
        # withdraw, restore: the reason (the same as the note)
        "reason": [ignore_missing, unicode_safe, max_length(5000)],
        # submit: the producer's quality-control statement
        "qc_statement": [ignore_missing, boolean_validator],
        # verify: the verifikator's position (jabatan) and NIP
        "position": [ignore_missing, unicode_safe, max_length(200)],
        "nip": [ignore_missing, unicode_safe, max_length(30)],
        # reject, publish: the QA checklist
        "qa": [ignore_missing, _keep],
    }


@validator_args
def bulk(not_empty: Validator, ignore_missing: Validator,
         unicode_safe: Validator) -> Schema:
    return {
        "ids": [not_empty, _id_list],
        "note": [ignore_missing, unicode_safe, max_length(5000)],
        "qa": [ignore_missing, _keep],
    }


@validator_args
def workflow_show(not_empty: Validator, unicode_safe: Validator,
                  ignore_missing: Validator, boolean_validator: Validator
                  ) -> Schema:
    return {"id": [not_empty, unicode_safe],
            "include_hash": [ignore_missing, boolean_validator]}


@validator_args
def task_list(ignore_missing: Validator, unicode_safe: Validator,
              one_of: Validator) -> Schema:
    return {
        "role": [ignore_missing, unicode_safe,
                 one_of(["operator", "verifikator", "walidata"])],
    }


def _not_blank(value: Any) -> Any:
    """Text that is more than white space."""
    if not str(value).strip():
        raise tk.Invalid(tk._("Missing value"))
    return value


def _at_most_1000(value: Any) -> int:
    return min(int(value), 1000)


@validator_args
def change_request(not_empty: Validator, unicode_safe: Validator
                   ) -> Schema:
    """satudata_revision_request, satudata_withdrawal_request."""
    return {"id": [not_empty, unicode_safe],
            "reason": [not_empty, unicode_safe, _not_blank,
                       max_length(5000)]}


@validator_args
def revision_open(not_empty: Validator, ignore_missing: Validator,
                  unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe],
            "reason": [ignore_missing, unicode_safe, max_length(5000)]}


@validator_args
def revision_discard(not_empty: Validator, ignore_missing: Validator,
                     unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe],
            "note": [ignore_missing, unicode_safe, max_length(5000)]}


@validator_args
def by_id(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def request_refuse(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"request_id": [not_empty, unicode_safe],
            "reason": [not_empty, unicode_safe, _not_blank,
                       max_length(5000)]}


@validator_args
def request_list(ignore_missing: Validator, unicode_safe: Validator,
                 one_of: Validator, natural_number_validator: Validator
                 ) -> Schema:
    return {
        "status": [ignore_missing, unicode_safe, one_of(
            ["received", "in_progress", "done", "refused", "cancelled",
             "open"])],
        "kind": [ignore_missing, unicode_safe,
                 one_of(["revision", "withdrawal"])],
        "id": [ignore_missing, unicode_safe],
        "limit": [ignore_missing, natural_number_validator, _at_most_1000],
        "offset": [ignore_missing, natural_number_validator],
    }


@validator_args
def version_show(not_empty: Validator, unicode_safe: Validator,
                 natural_number_validator: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe],
            "version": [not_empty, natural_number_validator]}
