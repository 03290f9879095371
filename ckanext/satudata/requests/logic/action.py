"""Actions of data requests (``satudata_request_*``) and complaints
(``satudata_complaint_*``). Each step: validate, check access (the auth
function of the same name), lock the case, check its state, change it,
record the step in the history, commit, then queue the e-mails.

Reading (show, list, metrics) is in ``read.py``.
"""

from __future__ import annotations

from typing import Any, Callable

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ckanext.satudata import config as sd_config

from .. import machine, notify, ratelimit
from ..model import Case, CaseComment, CaseDataset, CaseOrg
from . import cases, schema

_SALT = "satudata-requests-email"
#: a context key (code only, never the API) for callers that file many
#: cases at once on behalf of others: the demo content
NO_RATE_LIMIT = "satudata_no_rate_limit"


# -- the e-mail confirmation of visitors without an account ---------------

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(tk.config.get("SECRET_KEY"), salt=_SALT)


def email_token(email: str) -> str:
    return _serializer().dumps({"email": email.strip().lower()})


def email_from_token(token: str) -> str | None:
    """The address a confirmation link was sent to, if still valid."""
    try:
        data = _serializer().loads(
            token, max_age=sd_config.email_link_hours() * 3600)
    except BadSignature:  # also expired
        return None
    return data.get("email") if isinstance(data, dict) else None


def form_url(kind: str, token: str) -> str:
    base = "permintaan-data" if kind == machine.REQUEST else "pengaduan"
    return f"{notify.site_url()}/{base}/baru?token={token}"


def _locale() -> str:
    try:
        lang = tk.h.lang()
    except (RuntimeError, AttributeError, TypeError):
        lang = tk.config.get("ckan.locale_default")
    return "en" if str(lang).startswith("en") else "id"


@tk.validate(schema.email_link)
def satudata_request_email_link(context: Context, data_dict: DataDict
                                ) -> dict[str, Any]:
    """E-mail a link to the request (or complaint) form to a visitor
    without an account: following it proves they own the address. Rate
    limited per IP and e-mail address.

    :param email: the visitor's e-mail address
    :param kind: ``request`` (default) or ``complaint``
    :returns: ``{"sent": true}`` (also when the address is unknown: the
        answer tells nothing about it)
    """
    tk.check_access("satudata_request_email_link", context, data_dict)
    if not sd_config.requests_allow_anonymous():
        raise tk.NotAuthorized(tk._("Please log in to file a request"))
    ratelimit.hit(data_dict["email"])
    kind = data_dict.get("kind") or machine.REQUEST
    notify.queue("confirm_email", None, email=data_dict["email"],
                 locale=_locale(), hours=sd_config.email_link_hours(),
                 link=form_url(kind, email_token(data_dict["email"])))
    model.Session.commit()
    return {"sent": True}


# -- filing ---------------------------------------------------------------

def _who(context: Context) -> model.User | None:
    user = model.User.get(context.get("user") or "")
    return user if user is not None and user.state == "active" else None


def _check_sender(data_dict: DataDict, user: model.User | None) -> None:
    """A visitor without an account needs the confirmation link's token
    for the e-mail address they give."""
    if user is not None:
        return
    token = data_dict.get("email_token") or ""
    if email_from_token(token) != data_dict["email"]:
        raise tk.ValidationError({"email": [tk._(
            "Please confirm this e-mail address first: ask for the "
            "confirmation link and open it")]})


def _org_id(value: str | None, field: str) -> str | None:
    if not value:
        return None
    group = model.Group.get(value)
    if group is None or not group.is_organization or (
            group.state != "active"):
        raise tk.ValidationError({field: [tk._("No such organisation")]})
    return group.id


def _file(kind: str, context: Context, data_dict: DataDict,
          fields: dict[str, Any]) -> dict[str, Any]:
    user = _who(context)
    _check_sender(data_dict, user)
    if not context.get(NO_RATE_LIMIT):
        ratelimit.hit(data_dict["email"])
    received = cases.now()
    year = cases.local_date(received).year
    case = Case(
        kind=kind, number=cases.next_number(kind, year),
        state=machine.DITERIMA, received=received,
        due=cases.first_deadline(kind, fields.get("category"),
                                 cases.local_date(received)),
        name=data_dict.get("name"), email=data_dict["email"],
        phone=data_dict.get("phone") or None,
        institution=data_dict.get("institution") or None,
        user_id=user.id if user else None, locale=_locale(), **fields)
    model.Session.add(case)
    model.Session.flush()
    access_ = cases.access(case, user, data_dict["email"])
    event = cases.record(case, "create", machine.DITERIMA, access_,
                         machine.REQUESTER)
    event.from_state = None
    notify.queue("received", case.id)
    notify.queue("new", case.id)
    model.Session.commit()
    return cases.case_dict(case, access_, user)


@tk.validate(schema.request_create)
def satudata_request_create(context: Context, data_dict: DataDict
                            ) -> dict[str, Any]:
    """File a data request (anyone logged in; a visitor without an account
    with the token of the e-mail confirmation link, when
    ``ckanext.satudata.requests.allow_anonymous`` is on). Rate limited.

    :param name, email, institution: who asks (required)
    :param phone: optional
    :param title, description, purpose: the data needed and what for
        (required)
    :param data_format, region, period: optional
    :param organization: the OPD thought to hold the data (optional)
    :param email_token: the token of the confirmation link (visitors)
    :returns: the request as its requester sees it, with its ``number``
        (``PD-2026-000123``) and deadline ``due``
    """
    tk.check_access("satudata_request_create", context, data_dict)
    return _file(machine.REQUEST, context, data_dict, {
        "title": data_dict["title"],
        "description": data_dict["description"],
        "purpose": data_dict["purpose"],
        "data_format": data_dict.get("data_format") or None,
        "region": data_dict.get("region") or None,
        "period": data_dict.get("period") or None,
        "related_org_id": _org_id(data_dict.get("organization"),
                                  "organization"),
    })


@tk.validate(schema.complaint_create)
def satudata_complaint_create(context: Context, data_dict: DataDict
                              ) -> dict[str, Any]:
    """File a complaint (same rules as requests). A complaint about
    exposed personal data (``data_pribadi``) alerts the walidata at once.

    :param category: data_salah, tautan_rusak, kedaluwarsa, data_pribadi,
        layanan or lainnya
    :param description: what is wrong (required)
    :param dataset, resource: what it is about (optional, id or name)
    :param email: the contact (required), ``name``, ``phone``,
        ``institution`` optional
    :param confidential: keep the reporter's identity to the walidata
    :returns: the complaint as its reporter sees it, with its ``number``
    """
    tk.check_access("satudata_complaint_create", context, data_dict)
    package_id = resource_id = None
    if data_dict.get("dataset"):
        pkg = model.Package.get(data_dict["dataset"])
        readable = pkg is not None and pkg.state == "active"
        if readable:
            try:
                tk.check_access("package_show",
                                {"user": context.get("user") or ""},
                                {"id": pkg.id})
            except tk.NotAuthorized:
                readable = False
        if not readable:
            raise tk.ValidationError({"dataset": [tk._(
                "No such dataset")]})
        package_id = pkg.id
        if data_dict.get("resource"):
            found = [r for r in pkg.resources
                     if r.id == data_dict["resource"]]
            if not found:
                raise tk.ValidationError({"resource": [tk._(
                    "No such resource in this dataset")]})
            resource_id = found[0].id
    return _file(machine.COMPLAINT, context, data_dict, {
        "title": None,
        "category": data_dict["category"],
        "description": data_dict["description"],
        "package_id": package_id, "resource_id": resource_id,
        "confidential": bool(data_dict.get("confidential")),
    })


# -- steps ----------------------------------------------------------------

Apply = Callable[[Case, cases.Access, DataDict], dict[str, Any]]


def _take(kind: str, name: str, context: Context, data_dict: DataDict,
          apply: Apply) -> dict[str, Any]:
    tk.check_access(f"satudata_{kind}_{name}", context, data_dict)
    case = cases.load(kind, data_dict["id"], lock=True)
    user = context.get("user")
    access_ = cases.access(case, user, data_dict.get("email"))
    step = machine.step(kind, name, case.state)
    if step is None or case.state not in step.sources:
        raise tk.ValidationError({"state": [tk._(
            "This step is not possible in the current state")]})
    role = cases.role_in(access_, step)
    result = apply(case, access_, data_dict)
    target = result.pop("target", None) or step.target or case.state
    message = result.pop("message", "answered")
    orgs = result.pop("orgs", None)
    if target not in machine.OPEN[kind]:
        case.closed = cases.now()
    cases.record(case, name, target, access_, role,
                 note=data_dict.get("note"), data=result or None)
    if message:
        notify.queue(message, case.id, note=data_dict.get("note"),
                     actor_id=access_.actor.id, orgs=orgs)
    if not context.get("defer_commit"):
        model.Session.commit()
    return cases.case_dict(case, access_, user)


def _need_note(data_dict: DataDict, message: str) -> None:
    if not data_dict.get("note"):
        raise tk.ValidationError({"note": [message]})


def _assign(case: Case, access_: cases.Access, data_dict: DataDict
            ) -> dict[str, Any]:
    names = data_dict.get("organizations") or []
    if not names:
        raise tk.ValidationError({"organizations": [tk._(
            "Choose at least one OPD")]})
    # one OPD may be named twice (by name and by id)
    ids = list(dict.fromkeys(_org_id(name, "organizations")
                             for name in names))
    have = {o.org_id for o in cases.assigned_orgs(case.id)}
    new = [i for i in ids if i not in have]
    for org_id in new:
        model.Session.add(CaseOrg(case_id=case.id, org_id=org_id,
                                  assigned_by=access_.actor.id))
    result = {"message": "assigned", "orgs": new, "organizations": ids}
    if case.state == machine.DIPERPANJANG:
        result["target"] = case.state  # one more OPD keeps the extension
    return result


def _extend(case: Case, access_: cases.Access, data_dict: DataDict
            ) -> dict[str, Any]:
    if case.extended:
        raise tk.ValidationError({"state": [tk._(
            "The deadline can be extended only once")]})
    _need_note(data_dict, tk._("Give the reason for the extension"))
    old = case.due
    case.due = cases.clock().extended(case.due)
    case.extended = True
    return {"due_before": old.isoformat(), "due": case.due.isoformat()}


def _link(case: Case, access_: cases.Access, names: list[str],
          public_only: bool) -> list[str]:
    """Link datasets to a request: the caller must be able to read each
    (an OPD links its own datasets, or published ones)."""
    found = []
    for name in names:
        pkg = model.Package.get(name)
        ok = pkg is not None and pkg.state == "active"
        if ok:
            try:
                tk.check_access("package_show",
                                {"user": access_.actor.name or ""},
                                {"id": pkg.id})
            except tk.NotAuthorized:
                ok = False
        if not ok:
            raise tk.ValidationError({"datasets": [tk._(
                "No such dataset: {name}").format(name=name)]})
        if public_only and pkg.private:
            raise tk.ValidationError({"datasets": [tk._(
                "This dataset is not published yet: {name}").format(
                    name=pkg.name)]})
        found.append(pkg.id)
    # linked once all are checked: a refused step leaves no link behind
    linked = list(dict.fromkeys(found))
    for package_id in linked:
        if model.Session.get(CaseDataset, (case.id, package_id)) is None:
            model.Session.add(CaseDataset(case_id=case.id,
                                          package_id=package_id,
                                          linked_by=access_.actor.id))
    return linked


def _fulfil(case: Case, access_: cases.Access, data_dict: DataDict
            ) -> dict[str, Any]:
    datasets = _link(case, access_, data_dict.get("datasets") or [],
                     public_only=True)
    if not datasets and not data_dict.get("note"):
        raise tk.ValidationError({"note": [tk._(
            "Link the published datasets, or describe what was sent")]})
    case.outcome = data_dict.get("note") or None
    target = machine.DIPENUHI_SEBAGIAN if data_dict.get("partial") else (
        machine.DIPENUHI)
    return {"target": target, "datasets": datasets}


def _refuse(case: Case, access_: cases.Access, data_dict: DataDict
            ) -> dict[str, Any]:
    ground = data_dict.get("ground") or ""
    grounds = sd_config.refusal_grounds() if case.kind == (
        machine.REQUEST) else []
    if case.kind == machine.REQUEST:
        if ground not in grounds:
            raise tk.ValidationError({"ground": [tk._(
                "Choose the ground of the refusal")]})
        if ground == "dikecualikan" and not data_dict.get("legal_basis"):
            raise tk.ValidationError({"legal_basis": [tk._(
                "Give the legal basis of the exemption")]})
        if ground not in ("dikecualikan", "tidak_dikuasai",
                          "duplikat") and not data_dict.get("note"):
            raise tk.ValidationError({"note": [tk._(
                "Explain the ground of the refusal")]})
        case.ground = ground
        case.legal_basis = data_dict.get("legal_basis") or None
    else:
        _need_note(data_dict, tk._("Give the reason for the refusal"))
    case.outcome = data_dict.get("note") or None
    return {"ground": ground or None}


def _objection(case: Case, access_: cases.Access, data_dict: DataDict
               ) -> dict[str, Any]:
    today = sd_config.today()
    if not machine.objection_open(case.state, case.due,
                                  cases.local_date(case.closed), today,
                                  case.objected is not None):
        raise tk.ValidationError({"state": [tk._(
            "An objection is possible once, against a refusal or an "
            "answer later than the deadline")]})
    _need_note(data_dict, tk._("Give the reasons for your objection"))
    case.objected = cases.now()
    case.objection = data_dict["note"]
    case.closed = None
    before = case.due
    case.due = cases.clock().due(today, sd_config.request_days()[
        "objection"])
    return {"message": "objection", "due_before": before.isoformat()}


def _verify(case: Case, access_: cases.Access, data_dict: DataDict
            ) -> dict[str, Any]:
    return {"message": None}


def _resolve(case: Case, access_: cases.Access, data_dict: DataDict
             ) -> dict[str, Any]:
    _need_note(data_dict, tk._(
        "Describe the resolution: it is published with the complaint"))
    case.outcome = data_dict["note"]
    return {}


def _step_action(kind: str, name: str, apply: Apply, doc: str) -> Any:
    @tk.validate(schema.step)
    def action(context: Context, data_dict: DataDict) -> dict[str, Any]:
        return _take(kind, name, context, data_dict, apply)

    action.__name__ = f"satudata_{kind}_{name}"
    action.__doc__ = doc + """
    :param id: the number (or id) of the case
    :returns: the case as the caller sees it (see ``_show``)

    Errors: 403 when the caller does not hold the role; 409 (validation)
    when the case is not in a state the step starts from, or something
    required is missing.
    """
    return action


satudata_request_assign = _step_action(
    machine.REQUEST, "assign", _assign,
    """Assign a request to one or more OPDs (walidata; the walidata head
    while under objection): ``diterima`` becomes ``diproses``; the OPDs'
    editors and admins are e-mailed.

    :param organizations: names or ids of the OPDs
    :param note: optional""")
satudata_request_extend = _step_action(
    machine.REQUEST, "extend", _extend,
    """Extend the deadline once by ``ckanext.satudata.requests.
    extension_days`` working days (walidata or an assigned OPD); the
    requester is e-mailed the reason.

    :param note: the reason (required)""")
satudata_request_fulfil = _step_action(
    machine.REQUEST, "fulfil", _fulfil,
    """Answer a request (walidata or an assigned OPD; the walidata head
    while under objection): ``dipenuhi``, or ``dipenuhi_sebagian`` with
    ``partial``.

    :param datasets: published datasets that answer it (names or ids)
    :param note: what was provided (required without datasets)
    :param partial: only part of the data""")
satudata_request_refuse = _step_action(
    machine.REQUEST, "refuse", _refuse,
    """Refuse a request with its ground (walidata; the walidata head while
    under objection).

    :param ground: one of ``ckanext.satudata.requests.refusal_grounds``
    :param legal_basis: required for ``dikecualikan``
    :param note: the explanation (required for ``lainnya``)""")
satudata_request_objection = _step_action(
    machine.REQUEST, "objection", _objection,
    """File an objection (keberatan) to a refusal or to an answer later
    than the deadline (the requester: their account, or ``email``), once;
    the walidata head answers within ``objection_days`` working days.

    :param email: the requester's e-mail (without an account)
    :param note: the reasons (required)""")
satudata_complaint_verify = _step_action(
    machine.COMPLAINT, "verify", _verify,
    """Confirm a complaint is well founded (walidata).

    :param note: optional""")
satudata_complaint_assign = _step_action(
    machine.COMPLAINT, "assign", _assign,
    """Pass a verified complaint to the OPD(s) that must act (walidata):
    ``ditindaklanjuti``.

    :param organizations: names or ids of the OPDs""")
satudata_complaint_resolve = _step_action(
    machine.COMPLAINT, "resolve", _resolve,
    """Settle a complaint (walidata or an assigned OPD): ``selesai``; the
    resolution is public.

    :param note: the resolution (required)""")
satudata_complaint_refuse = _step_action(
    machine.COMPLAINT, "refuse", _refuse,
    """Refuse a complaint (walidata): ``ditolak``.

    :param note: the reason (required)""")


# -- around the steps -----------------------------------------------------

@tk.validate(schema.step)
def satudata_request_confirm(context: Context, data_dict: DataDict
                             ) -> dict[str, Any]:
    """An assigned OPD answers whether it holds the data (editor or admin
    of the OPD).

    :param id: the number of the request
    :param availability: tersedia, sebagian or tidak_dikuasai
    :param organization: which of the caller's assigned OPDs answers
        (default: the first)
    :param note: optional
    """
    tk.check_access("satudata_request_confirm", context, data_dict)
    if not data_dict.get("availability"):
        raise tk.ValidationError({"availability": [tk._(
            "Say whether the data is available")]})
    case = cases.load(machine.REQUEST, data_dict["id"], lock=True)
    if case.state not in machine.OPEN[machine.REQUEST]:
        raise tk.ValidationError({"state": [tk._(
            "This request is closed")]})
    access_ = cases.access(case, context.get("user"))
    mine = set(access_.actor.orgs_with("editor", "admin"))
    rows = [o for o in cases.assigned_orgs(case.id) if o.org_id in mine]
    wanted = _org_id(data_dict.get("organization"), "organization")
    if wanted:
        rows = [o for o in rows if o.org_id == wanted]
    if not rows:
        raise tk.ValidationError({"organization": [tk._(
            "This request is not assigned to that OPD")]})
    row = rows[0]
    row.availability = data_dict["availability"]
    row.confirmed = cases.now()
    row.confirmed_by = access_.actor.id
    row.note = data_dict.get("note") or None
    cases.record(case, "confirm", case.state, access_, machine.OPD,
                 note=data_dict.get("note"),
                 data={"organization": row.org_id,
                       "availability": row.availability})
    model.Session.commit()
    return cases.case_dict(case, access_, context.get("user"))


@tk.validate(schema.step)
def satudata_request_link(context: Context, data_dict: DataDict
                          ) -> dict[str, Any]:
    """Link datasets that answer a request, published or not yet
    (walidata or an assigned OPD). Once every linked dataset is published
    through the workflow (at once, when they all are already), the request
    becomes ``dipenuhi`` by itself and the requester is e-mailed; not
    under objection, which the walidata head answers.

    :param id: the number of the request
    :param datasets: names or ids of datasets the caller may read
    """
    tk.check_access("satudata_request_link", context, data_dict)
    if not data_dict.get("datasets"):
        raise tk.ValidationError({"datasets": [tk._(
            "Choose at least one dataset")]})
    case = cases.load(machine.REQUEST, data_dict["id"], lock=True)
    if case.state not in machine.OPEN[machine.REQUEST]:
        raise tk.ValidationError({"state": [tk._(
            "This request is closed")]})
    access_ = cases.access(case, context.get("user"))
    linked = _link(case, access_, data_dict["datasets"], public_only=False)
    role = machine.WALIDATA if machine.WALIDATA in access_.roles else (
        machine.OPD)
    cases.record(case, "link", case.state, access_, role,
                 data={"datasets": linked})
    # published datasets only: the request is answered at once
    _fulfil_if_published(case, linked[-1])
    model.Session.commit()
    return cases.case_dict(case, access_, context.get("user"))


#: the states a request is fulfilled from by itself; under objection the
#: walidata head answers
AUTO_FULFILLED_FROM = (machine.DITERIMA, machine.DIPROSES,
                       machine.DIPERPANJANG)


def _fulfil_if_published(case: Case, package_id: str) -> bool:
    """Fulfil ``case`` (by the system) when every dataset linked to it is
    published."""
    model.Session.flush()
    pending = model.Session.scalar(
        sa.select(sa.func.count()).select_from(CaseDataset)
        .join(model.Package, model.Package.id == CaseDataset.package_id)
        .where(CaseDataset.case_id == case.id,
               sa.or_(model.Package.private.is_(True),
                      model.Package.state != "active")))
    if pending or case.state not in AUTO_FULFILLED_FROM:
        return False
    titles = list(model.Session.scalars(
        sa.select(model.Package.title).join(
            CaseDataset, CaseDataset.package_id == model.Package.id)
        .where(CaseDataset.case_id == case.id)
        .order_by(model.Package.title)))
    case.outcome = case.outcome or ", ".join(t or "" for t in titles)
    case.closed = cases.now()
    cases.record(case, "fulfil", machine.DIPENUHI, None, machine.SYSTEM,
                 data={"published": package_id})
    notify.queue("answered", case.id)
    return True


def dataset_published(package_id: str) -> None:
    """A dataset became public (the workflow published it): the open
    requests (not under objection) whose linked datasets are now all
    published are fulfilled. Runs inside CKAN's update, which commits
    it."""
    rows = model.Session.scalars(
        sa.select(Case).join(CaseDataset, CaseDataset.case_id == Case.id)
        .where(CaseDataset.package_id == package_id,
               Case.kind == machine.REQUEST,
               Case.state.in_(AUTO_FULFILLED_FROM))
        .with_for_update(of=Case)).all()
    for case in rows:
        _fulfil_if_published(case, package_id)


def _comment(kind: str) -> Any:
    @tk.validate(schema.comment)
    def action(context: Context, data_dict: DataDict) -> dict[str, Any]:
        tk.check_access(f"satudata_{kind}_comment", context, data_dict)
        case = cases.load(kind, data_dict["id"])
        user = context.get("user")
        access_ = cases.access(case, user, data_dict.get("email"))
        internal = bool(data_dict.get("internal"))
        if access_.handler:
            role = next(r for r in (machine.HEAD, machine.WALIDATA,
                                    machine.OPD) if r in access_.roles)
        else:
            role = machine.REQUESTER
            if internal:
                raise tk.ValidationError({"internal": [tk._(
                    "Only handlers write internal notes")]})
            ratelimit.hit(case.email)
        model.Session.add(CaseComment(
            case_id=case.id, author_id=access_.actor.id, role=role,
            internal=internal, body=data_dict["body"]))
        case.modified = cases.now()
        if not internal:
            notify.queue("comment", case.id, actor_id=access_.actor.id,
                         by_requester=role == machine.REQUESTER)
        model.Session.commit()
        return cases.case_dict(case, access_, user)

    action.__name__ = f"satudata_{kind}_comment"
    action.__doc__ = """Write in the thread of a case: the requester
    (account or ``email``) and the handlers; ``internal`` notes (handlers
    only) are never shown to the requester or the public.

    :param id: the number of the case
    :param body: the text (required, at most 5000 characters)
    :param internal: a note for handlers only
    :param email: the requester's e-mail (without an account)
    """
    return action


satudata_request_comment = _comment(machine.REQUEST)
satudata_complaint_comment = _comment(machine.COMPLAINT)


def get_actions() -> dict[str, Any]:
    from . import read

    found = {name: value for name, value in globals().items()
             if name.startswith("satudata_") and callable(value)}
    found.update(read.get_actions())
    return found
