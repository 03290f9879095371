"""The walidata's harvest status page (``/satudata/panen``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.satudata import util
from ckanext.satudata.workflow import labels

harvest_status = Blueprint("satudata_harvest", __name__)


@harvest_status.route("/satudata/panen")
def status() -> Any:
    """Per harvest source: its OPD, the state its data enters, the last
    run (when, how many datasets added, updated, errored) and the errors
    of that run."""
    if not tk.current_user.is_authenticated:
        return tk.redirect_to("user.login", came_from=tk.request.path)
    try:
        result = tk.get_action("satudata_harvest_status")(
            util.user_context(), {})
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    return tk.render("satudata/federation/harvest_status.html", {
        "sources": result["sources"],
        "state_labels": labels.states(tk._)})


def get_blueprints() -> list[Blueprint]:
    return [harvest_status]
