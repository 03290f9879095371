"""Validators of the Satu Data metadata schemas.

Every refusal names the field (its label in the user's language) and the
value, so that a form or an API client knows what to fix.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckanext.scheming.validation import scheming_validator

from ckanext.satudata import codelists, util

Invalid = tk.Invalid

SDS_RE = re.compile(r"^SD\d{5}\.\d{2}\.\d{2}$")
KUGI_RE = re.compile(r"^KUGI:[A-Za-z0-9][A-Za-z0-9._\-]{0,49}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,24}$")


def _label(field: dict[str, Any]) -> str:
    label = field.get("label") or field.get("field_name", "")
    if isinstance(label, dict):
        lang = util.lang()
        return label.get(lang) or label.get("id") or label.get("en") or ""
    return tk._(label)


def _empty(value: Any) -> bool:
    return value is missing or value is None or value == "" or value == []


def max_length(limit: int) -> Callable[[Any], Any]:
    """``satudata_max_length(N)``: text no longer than N characters."""

    def validator(value: Any) -> Any:
        if isinstance(value, str) and len(value) > limit:
            raise Invalid(tk._(
                "Too long: {length} characters, at most {limit}").format(
                length=len(value), limit=limit))
        return value

    return validator


def phone(value: Any) -> Any:
    if _empty(value):
        return value
    value = str(value).strip()
    if not PHONE_RE.match(value):
        raise Invalid(tk._("Not a phone number: {value}").format(
            value=value[:40]))
    return value


def standard_code(value: Any) -> Any:
    """A BPS SDS code (SD00001.00.00) or a KUGI code (KUGI:...)."""
    if _empty(value):
        return value
    value = str(value).strip()
    if not (SDS_RE.match(value) or KUGI_RE.match(value)):
        raise Invalid(tk._(
            "Not a data standard code: {value}. Use the BPS form "
            "SD00001.00.00, or KUGI:<code> for geospatial data").format(
            value=value[:40]))
    return value


def year(value: Any) -> Any:
    if _empty(value):
        return value
    try:
        number = int(str(value).strip())
    except ValueError:
        raise Invalid(tk._("Not a year: {value}").format(
            value=str(value)[:20])) from None
    if not 1900 <= number <= 2100:
        raise Invalid(tk._("Not a year between 1900 and 2100: {value}")
                      .format(value=number))
    return str(number)


@scheming_validator
def code(field: dict[str, Any], schema: dict[str, Any]) -> Callable:
    """One code of the field's ``codelist``."""
    lst = codelists.get(field["codelist"])

    def validator(value: Any) -> Any:
        if _empty(value):
            return value
        if value not in lst:
            raise Invalid(tk._("{field}: unknown code {value}").format(
                field=_label(field), value=str(value)[:40]))
        return value

    return validator


def _as_list(value: Any) -> list[str]:
    try:
        return util.parse_list(value)
    except ValueError:
        raise Invalid(tk._("Not a list: {value}").format(
            value=str(value)[:40])) from None


def _codes_validator(field: dict[str, Any], known: Callable[[str], bool]
                     ) -> Callable:
    def validator(value: Any) -> Any:
        if _empty(value):
            return value
        codes = list(dict.fromkeys(_as_list(value)))
        unknown = [c for c in codes if not known(c)]
        if unknown:
            raise Invalid(tk._("{field}: unknown code {value}").format(
                field=_label(field), value=", ".join(unknown)[:80]))
        return json.dumps(codes)

    return validator


@scheming_validator
def codes(field: dict[str, Any], schema: dict[str, Any]) -> Callable:
    """Zero or more codes of the field's ``codelist``, stored as JSON."""
    lst = codelists.get(field["codelist"])
    return _codes_validator(field, lambda c: c in lst)


@scheming_validator
def regions(field: dict[str, Any], schema: dict[str, Any]) -> Callable:
    """Kemendagri region codes of any level, stored as JSON."""
    return _codes_validator(field, lambda c: codelists.region(c) is not None)


def codes_output(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def required_unless_open(key: tuple, data: dict, errors: dict,
                         context: dict) -> Any:
    """Required when ``klasifikasi_akses`` is not ``terbuka``."""
    access = data.get(("klasifikasi_akses",))
    value = data.get(key)
    if access not in (None, missing, "", "terbuka") and _empty(value):
        errors[key].append(tk._(
            "Required when the access classification is not Terbuka"))
        raise tk.StopOnError
    if _empty(value):
        data.pop(key, None)
        raise tk.StopOnError


def kegiatan_ref(value: Any, context: dict) -> Any:
    """The name or id of an existing statistical activity (``kegiatan``)."""
    if _empty(value):
        return value
    model = context["model"]
    pkg = model.Package.get(value)
    if pkg is None or pkg.type != "kegiatan" or pkg.state == "deleted":
        raise Invalid(tk._("No statistical activity {value}").format(
            value=str(value)[:100]))
    return pkg.name


def value_domain(value: Any) -> Any:
    """MS-Var value domain: one ``code=label`` a line, codes unique."""
    if _empty(value):
        return value
    seen: set[str] = set()
    lines = [line.strip() for line in str(value).splitlines()
             if line.strip()]
    for line in lines:
        if "=" not in line:
            raise Invalid(tk._('Write each value as code=label: "{line}"')
                          .format(line=line[:60]))
        item_code = line.split("=", 1)[0].strip()
        if not item_code:
            raise Invalid(tk._('A value has no code: "{line}"').format(
                line=line[:60]))
        if item_code in seen:
            raise Invalid(tk._("The code {value} appears twice").format(
                value=item_code[:40]))
        seen.add(item_code)
    return "\n".join(lines)


NIP_RE = re.compile(r"^\d{18}$")


def nip(value: Any) -> Any:
    """A civil servant number (NIP): 18 digits, spaces allowed."""
    if _empty(value):
        return value
    digits = re.sub(r"\s", "", str(value))
    if not NIP_RE.match(digits):
        raise Invalid(tk._("A NIP has 18 digits: {value}").format(
            value=str(value)[:30]))
    return digits


def not_before(other: str) -> Callable:
    """``satudata_not_before(mulai)`` on a repeating subfield: the value
    (a date) is not before the sibling subfield ``other``."""

    def validator(key: tuple, data: dict, errors: dict,
                  context: dict) -> Any:
        value = data.get(key)
        start = data.get(key[:-1] + (other,))
        if value and start and value is not missing and (
                str(value) < str(start)):
            errors[key].append(tk._(
                "The end date {end} is before the start date {start}")
                .format(end=value, start=start))

    return validator


def unique_in_list(key: tuple, data: dict, errors: dict,
                   context: dict) -> Any:
    """On a repeating subfield: no other entry has the same value."""
    value = str(data.get(key) or "").strip().lower()
    if not value:
        return
    for other, other_value in data.items():
        if (other != key and len(other) == len(key)
                and other[0] == key[0] and other[-1] == key[-1]
                and str(other_value or "").strip().lower() == value):
            errors[key].append(tk._("{value} appears twice").format(
                value=str(data.get(key))[:80]))
            return


def get_validators() -> dict[str, Any]:
    return {
        "satudata_max_length": max_length,
        "satudata_phone": phone,
        "satudata_standard_code": standard_code,
        "satudata_year": year,
        "satudata_code": code,
        "satudata_codes": codes,
        "satudata_regions": regions,
        "satudata_codes_output": codes_output,
        "satudata_required_unless_open": required_unless_open,
        "satudata_kegiatan_ref": kegiatan_ref,
        "satudata_value_domain": value_domain,
        "satudata_nip": nip,
        "satudata_not_before": not_before,
        "satudata_unique_in_list": unique_in_list,
    }

