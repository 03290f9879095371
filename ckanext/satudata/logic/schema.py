"""navl schemas of the ``satudata`` actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def completeness(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def codelist_show(not_empty: Validator, ignore_missing: Validator,
                  unicode_safe: Validator) -> Schema:
    return {"name": [not_empty, unicode_safe],
            "parent": [ignore_missing, unicode_safe]}
