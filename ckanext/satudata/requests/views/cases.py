"""The public pages: the register, the forms of a request and a complaint
(with the e-mail confirmation of visitors without an account), tracking
by number and e-mail, and the case page with the forms of its steps."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.pagination import Page

from ckanext.satudata import config as sd_config

from .. import labels, machine
from ..logic.action import email_from_token
from . import common
from .common import FORM_FIELDS, PER_PAGE, STEPS

# -- the public register --------------------------------------------------

def register(kind: str) -> Any:
    """Every case, without a person: the public register."""
    args = tk.request.args
    page = tk.h.get_page_number(args)
    state = args.get("state") or ""
    if state not in machine.STATES[kind]:
        state = ""
    data: dict[str, Any] = {"register": True, "limit": PER_PAGE,
                            "offset": (page - 1) * PER_PAGE}
    if state:
        data["state"] = state
    result = tk.get_action(f"satudata_{kind}_list")(common.context(), data)

    def page_url(page: int, **_: Any) -> str:
        params = {"page": page}
        if state:
            params["state"] = state
        return tk.url_for(f"satudata_requests.{kind}_register", **params)

    pager = Page(collection=result["results"], page=page,
                 presliced_list=True, url=page_url,
                 item_count=result["count"], items_per_page=PER_PAGE)
    return tk.render("satudata/requests/register.html", {
        "kind": kind, "cases": result["results"], "count": result["count"],
        "page": pager, "state": state, "states": machine.STATES[kind]})


# -- filing ---------------------------------------------------------------

def _defaults(kind: str) -> dict[str, Any]:
    user = common.current_user()
    data: dict[str, Any] = {}
    if user is not None:
        data.update(name=user.fullname or "", email=user.email or "")
    if kind == machine.COMPLAINT:
        args = tk.request.args
        data.update(dataset=args.get("dataset", ""),
                    resource=args.get("resource", ""),
                    category=args.get("category", ""))
    return data


def _dataset(ref: str) -> dict[str, Any] | None:
    """The dataset a complaint is about, if the visitor may read it."""
    if not ref:
        return None
    try:
        return tk.get_action("package_show")(common.context(), {"id": ref})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None


def _form_page(kind: str, data: dict[str, Any], errors: dict[str, Any],
               token_email: str | None, status: int = 200) -> Any:
    extra: dict[str, Any] = {
        "kind": kind, "data": data, "errors": errors,
        "error_summary": common.summary(errors), "token_email": token_email,
        "anonymous_allowed": sd_config.requests_allow_anonymous()}
    if kind == machine.REQUEST:
        extra["organizations"] = common.organizations()
    else:
        extra["pkg"] = _dataset(data.get("dataset") or "")
    return tk.render(f"satudata/requests/new_{kind}.html", extra), status


def _confirm_page(kind: str, data: dict[str, Any], errors: dict[str, Any],
                  status: int = 200, sent: bool = False,
                  expired: bool = False) -> Any:
    return tk.render("satudata/requests/confirm_email.html", {
        "kind": kind, "data": data, "errors": errors,
        "error_summary": common.summary(errors), "sent": sent,
        "expired": expired, "hours": sd_config.email_link_hours(),
        "anonymous_allowed": sd_config.requests_allow_anonymous()}), status


def new(kind: str) -> Any:
    """The form of a request or complaint. A visitor without an account
    first confirms their e-mail address (the link carries ``token``)."""
    if tk.request.method == "POST":
        return _file(kind)
    data = _defaults(kind)
    if common.current_user() is not None:
        return _form_page(kind, data, {}, None)
    if not sd_config.requests_allow_anonymous():
        return _confirm_page(kind, data, {})
    token = tk.request.args.get("token")
    if not token:
        return _confirm_page(kind, data, {})
    email = email_from_token(token)
    if email is None:
        return _confirm_page(kind, data, {}, expired=True)
    data.update(email=email, email_token=token)
    return _form_page(kind, data, {}, email)


def _file(kind: str) -> Any:
    form = tk.request.form
    data = {key: form.get(key, "") for key in FORM_FIELDS[kind]}
    data = {key: value for key, value in data.items() if value != ""}
    if kind == machine.COMPLAINT:
        data["confidential"] = form.get("confidential") == "on"
    token_email = None
    if common.current_user() is None:
        if not sd_config.requests_allow_anonymous():
            return _confirm_page(kind, data, {}, status=403)
        token_email = email_from_token(data.get("email_token") or "")
        if token_email is None:
            return _confirm_page(kind, data, {}, status=400, expired=True)
        # the confirmed address, whatever the form says
        data["email"] = token_email
    try:
        result = tk.get_action(f"satudata_{kind}_create")(
            common.context(), data)
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    except tk.ValidationError as err:
        errors = common.errors_of(err)
        return _form_page(kind, data, errors, token_email,
                          common.status_of(errors))
    number = result["number"]
    common.remember(number, result.get("email") or data["email"])
    if kind == machine.REQUEST:
        message = tk._(
            "Your data request is registered under number {number}. Keep "
            "the number: with your e-mail address it lets you follow the "
            "request.")
    else:
        message = tk._(
            "Your complaint is registered under number {number}. Keep the "
            "number: with your e-mail address it lets you follow the "
            "complaint.")
    tk.h.flash_success(message.format(number=number))
    return tk.redirect_to(common.read_url(kind, number))


def email_link(kind: str) -> Any:
    """Send the visitor the link to the form (it proves the address)."""
    if tk.request.method != "POST":
        return tk.redirect_to(f"satudata_requests.{kind}_new")
    form = tk.request.form
    data = {"email": form.get("email", ""), "kind": kind}
    if form.get("website"):
        data["website"] = form["website"]
    try:
        tk.get_action("satudata_request_email_link")(common.context(), data)
    except tk.NotAuthorized:
        return _confirm_page(kind, data, {}, status=403)
    except tk.ValidationError as err:
        errors = common.errors_of(err)
        return _confirm_page(kind, data, errors,
                             status=common.status_of(errors))
    return _confirm_page(kind, data, {}, sent=True)


# -- tracking and the case page -------------------------------------------

def _check_pair(kind: str, number: str, email: str) -> str | None:
    """None when ``email`` is the address the case was filed with, else
    the error to show."""
    # the same answer for an unknown number and a wrong address
    mismatch = tk._("No case matches this number and e-mail address. "
                    "Check both: they are in the e-mail you received "
                    "when you filed it.")
    if not number or not email:
        return mismatch
    try:
        case = tk.get_action(f"satudata_{kind}_show")(
            common.context(), {"id": number, "email": email})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return mismatch
    except tk.ValidationError as err:  # too many failed attempts
        return " ".join(str(m) for msgs in err.error_dict.values()
                        for m in msgs)
    return None if case.get("email") == email else mismatch


def track(kind: str) -> Any:
    """Tracking by number and e-mail: the pair, once proved, is kept in
    the session and opens the requester's view of the case; failed
    attempts are counted per IP address (guessing is rate limited)."""
    data = {"number": "", "email": ""}
    error = None
    status = 200
    if tk.request.method == "POST":
        form = tk.request.form
        number = form.get("number", "").strip().upper()
        email = form.get("email", "").strip().lower()
        data = {"number": number, "email": email}
        error = _check_pair(kind, number, email)
        if error is None:
            common.remember(number, email)
            return tk.redirect_to(common.read_url(kind, number))
        status = 400
    return tk.render("satudata/requests/track.html", {
        "kind": kind, "data": data, "error": error}), status


def _show(kind: str, number: str) -> dict[str, Any]:
    email = common.tracked(number)
    action = tk.get_action(f"satudata_{kind}_show")
    if email:
        try:
            return action(common.context(), {"id": number, "email": email})
        except tk.NotAuthorized:  # erased, or no longer theirs
            pass
    return action(common.context(), {"id": number})


def read_case(kind: str, number: str) -> Any:
    """A case as the visitor may see it, with the forms of the steps
    they may take (``may``)."""
    try:
        case = _show(kind, number)
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("No data request with this number")
                        if kind == machine.REQUEST else
                        tk._("No complaint with this number"))
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    if case["number"] != number:
        return tk.redirect_to(common.read_url(kind, case["number"]))
    may = case.get("may") or []
    extra: dict[str, Any] = {
        "kind": kind, "case": case, "may": may, "reader": case["reader"],
        "workflow_on": p.plugin_loaded("satudata_workflow")}
    if "assign" in may:
        extra["organizations"] = common.organizations()
    return tk.render("satudata/requests/case.html", extra)


def _step_data(name: str, form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in ("note", "ground", "legal_basis", "availability",
                "organization", "body", "datasets"):
        value = form.get(key, "").strip()
        if value:
            data[key] = value
    if name == "assign":
        data["organizations"] = [v for v in form.getlist("organizations")
                                 if v]
    if name == "fulfil":
        data["partial"] = form.get("partial") == "on"
    if name == "comment":
        data["internal"] = form.get("internal") == "on"
    return data


def take_step(kind: str, number: str, name: str) -> Any:
    """A step posted by a form of the case page: ``satudata_<kind>_<name>``
    as the logged-in user, or as the requester who tracks the case."""
    if name not in STEPS[kind]:
        return tk.abort(404, tk._("Unknown step"))
    data = _step_data(name, tk.request.form)
    data["id"] = number
    email = common.tracked(number)
    if email:
        data["email"] = email
    try:
        result = tk.get_action(f"satudata_{kind}_{name}")(
            common.context(), data)
    except tk.ObjectNotFound as err:
        return tk.abort(404, str(err) or tk._("Not found"))
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    except tk.ValidationError as err:
        for message in common.summary(common.errors_of(err)):
            tk.h.flash_error(message)
        return tk.redirect_to(common.read_url(kind, number.upper()))
    if name == "comment":
        tk.h.flash_success(tk._("Your message is added."))
    else:
        state = labels.states(tk._).get(result["state"], result["state"])
        tk.h.flash_success(tk._('Done: the case is now "{state}".').format(
            state=state))
    return tk.redirect_to(common.read_url(kind, result["number"]))

