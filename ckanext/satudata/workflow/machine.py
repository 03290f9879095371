"""The verification workflow as data: states, transitions, who may take
them, the quality-assurance checklist and the fingerprint of a dataset's
content. Pure Python (no CKAN imports), so it is tested without a database.

    draft --submit--> submitted --verify--> verified --publish--> published
      ^                   |                     |                  |   ^
      +-------return------+                     |         withdraw |   |
      +-----------------reject-----------------+                  v   |
                                                             withdrawn-+
                                                                restore

A published (or withdrawn) dataset is revised through a staged copy that
takes the same path from draft to published (see ``revision``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

DRAFT = "draft"
SUBMITTED = "submitted"
VERIFIED = "verified"
PUBLISHED = "published"
WITHDRAWN = "withdrawn"
STATES = (DRAFT, SUBMITTED, VERIFIED, PUBLISHED, WITHDRAWN)
#: states whose data has been public: revisions and withdrawals apply
RELEASED = (PUBLISHED, WITHDRAWN)

#: the dataset types the workflow applies to
DATASET_TYPES = ("dataset", "kegiatan")

OPERATOR = "operator"
VERIFIKATOR = "verifikator"
WALIDATA = "walidata"
PEMBINA = "pembina"
ROLES = (OPERATOR, VERIFIKATOR, WALIDATA, PEMBINA)

#: events that are not transitions a user asks for
CREATE = "create"
EDIT = "edit"
#: a published dataset replaced by its revision (a new version)
REVISE = "revise"


@dataclasses.dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    note_required: bool = False
    #: "complete": every QA item answered, none failed;
    #: "failures": every item answered, at least one failed
    qa: str | None = None


TRANSITIONS: dict[str, Transition] = {t.name: t for t in (
    Transition("submit", (DRAFT,), SUBMITTED, frozenset({OPERATOR})),
    Transition("return", (SUBMITTED,), DRAFT, frozenset({VERIFIKATOR}),
               note_required=True),
    Transition("verify", (SUBMITTED,), VERIFIED, frozenset({VERIFIKATOR})),
    Transition("reject", (VERIFIED,), DRAFT, frozenset({WALIDATA}),
               note_required=True, qa="failures"),
    Transition("publish", (VERIFIED,), PUBLISHED, frozenset({WALIDATA}),
               qa="complete"),
    Transition("withdraw", (PUBLISHED,), WITHDRAWN, frozenset({WALIDATA}),
               note_required=True),
    Transition("restore", (WITHDRAWN,), PUBLISHED, frozenset({WALIDATA}),
               note_required=True),
)}

#: who a state waits for, and the transitions that end the wait
WAITING_FOR = {SUBMITTED: VERIFIKATOR, VERIFIED: WALIDATA}


class WorkflowError(Exception):
    """A transition that cannot be taken. ``code`` says why."""

    def __init__(self, code: str, **detail: Any) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def get(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise WorkflowError("unknown_transition", name=name) from None


def allowed(state: str, roles: Iterable[str]) -> list[str]:
    """The transitions someone with ``roles`` may take from ``state``."""
    held = set(roles)
    return [t.name for t in TRANSITIONS.values()
            if state in t.sources and held & t.roles]


def check(name: str, state: str, roles: Iterable[str]) -> Transition:
    """The transition, if someone with ``roles`` may take it from
    ``state``; WorkflowError ``not_allowed`` (the role is missing) or
    ``wrong_state`` otherwise."""
    transition = get(name)
    if not set(roles) & transition.roles:
        raise WorkflowError("not_allowed", name=name)
    if state not in transition.sources:
        raise WorkflowError("wrong_state", name=name, state=state)
    return transition


# -- quality assurance ------------------------------------------------------

PASS, FAIL, NOT_APPLICABLE = "pass", "fail", "na"
RESULTS = (PASS, FAIL, NOT_APPLICABLE)


@dataclasses.dataclass(frozen=True)
class QAItem:
    code: str
    label: Mapping[str, str]
    help: Mapping[str, str]

    def text(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("id") or self.code


def load_checklist(path: str | Path) -> list[QAItem]:
    """The checklist from its YAML file (``items: [{code, label, help}]``).
    ValueError when the file is not a checklist."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    items = []
    seen = set()
    for entry in data.get("items") or []:
        code = str(entry.get("code") or "").strip()
        if not code or code in seen:
            raise ValueError(f"{path}: item without a code, or repeated:"
                             f" {code!r}")
        seen.add(code)
        label = entry.get("label") or {}
        if isinstance(label, str):
            label = {"id": label}
        help_text = entry.get("help") or {}
        if isinstance(help_text, str):
            help_text = {"id": help_text}
        items.append(QAItem(code, dict(label), dict(help_text)))
    if not items:
        raise ValueError(f"{path}: no items")
    return items


def parse_answers(items: list[QAItem], raw: Any
                  ) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Answers to the checklist, from ``{code: {"result", "note"}}``,
    ``{code: "pass"}`` or ``[{"item", "result", "note"}]``.

    Returns ``(answers, errors)``: answers by code in checklist order;
    errors by code: ``missing`` (not answered), ``bad_result``,
    ``note_required`` (a failed item needs a note), ``unknown`` (not an
    item of the checklist)."""
    if raw in (None, ""):
        raw = {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}, {"qa": "not_json"}
    if isinstance(raw, list):
        as_dict = {}
        for entry in raw:
            if not isinstance(entry, Mapping):
                return {}, {"qa": "bad_shape"}
            as_dict[str(entry.get("item") or entry.get("code") or "")] = entry
        raw = as_dict
    if not isinstance(raw, Mapping):
        return {}, {"qa": "bad_shape"}

    codes = [i.code for i in items]
    errors: dict[str, str] = {k: "unknown" for k in raw if k not in codes}
    answers: dict[str, dict[str, str]] = {}
    for code in codes:
        entry = raw.get(code)
        if isinstance(entry, str):
            entry = {"result": entry}
        if not isinstance(entry, Mapping) or not entry.get("result"):
            errors[code] = "missing"
            continue
        result = str(entry["result"]).strip().lower()
        note = str(entry.get("note") or "").strip()
        if result not in RESULTS:
            errors[code] = "bad_result"
        elif result == FAIL and not note:
            errors[code] = "note_required"
        else:
            answers[code] = {"result": result, "note": note}
    return answers, errors


def failed(answers: Mapping[str, Mapping[str, str]]) -> list[str]:
    return [c for c, a in answers.items() if a["result"] == FAIL]


def score(answers: Mapping[str, Mapping[str, str]]) -> float | None:
    """Per cent of the applicable items that passed (None: none applies)."""
    applicable = [a for a in answers.values()
                  if a["result"] != NOT_APPLICABLE]
    if not applicable:
        return None
    passed = sum(1 for a in applicable if a["result"] == PASS)
    return round(100.0 * passed / len(applicable), 1)


# -- the content of a dataset, as verified ---------------------------------

#: keys of package_show that change without the content changing
_VOLATILE = {
    "metadata_modified", "metadata_created", "revision_id", "private",
    "state", "num_resources", "num_tags", "organization", "isopen",
    "tracking_summary", "relationships_as_object", "license_title",
    "license_url", "relationships_as_subject", "creator_user_id",
}
_RESOURCE_VOLATILE = {
    "metadata_modified", "created", "revision_id", "package_id", "position",
    "tracking_summary", "datastore_active",
    "datastore_contains_all_records_of_source",
    "cache_last_updated", "cache_url", "state",
}


def _canonical(pkg: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pkg.items():
        if key in _VOLATILE or key.startswith(("satudata_", "_")):
            continue
        if key == "resources":
            value = [{k: v for k, v in (r or {}).items()
                      if k not in _RESOURCE_VOLATILE} for r in value or []]
        elif key == "groups":
            value = sorted(g.get("name") for g in value or [])
        elif key == "tags":
            value = sorted((t.get("name"), t.get("vocabulary_id"))
                           for t in value or [])
        out[key] = value
    return out


def content_hash(pkg: Mapping[str, Any]) -> str:
    """SHA-256 of a dataset's metadata and resources (as ``package_show``
    gives them), leaving out what changes by itself (modification times,
    visibility, counters, view tracking)."""
    text = json.dumps(_canonical(pkg), sort_keys=True, ensure_ascii=False,
                      default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
