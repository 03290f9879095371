"""Template helpers of the Daftar Data pages."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from .xlsx import COLUMNS, code_labels, code_vocabulary


def daftar_columns() -> list[Any]:
    """The 19 columns of the template (key, header, codelist)."""
    return list(COLUMNS)


def daftar_code_label(codelist: str | None, code: Any) -> Any:
    """The Indonesian label of a coded value (the code when unknown)."""
    if not codelist or code in (None, ""):
        return code
    return code_labels(codelist).get(code, code)


def daftar_code_options(codelist: str) -> list[tuple[str, str]]:
    """(code, Indonesian label) of a coded column, for a select."""
    return [(code, label) for code, label, _en in code_vocabulary(codelist)]


def daftar_event_label(action: str) -> str:
    """The name of a step of an entry's or a year's history."""
    return {
        "create": tk._("Added"), "update": tk._("Changed"),
        "delete": tk._("Removed"), "import": tk._("Imported"),
        "link": tk._("Dataset linked"), "unlink": tk._("Dataset unlinked"),
        "confirm": tk._("List confirmed"), "reopen": tk._("List reopened"),
        "berita_acara": tk._("Berita acara"),
    }.get(action, action)


def daftar_role_label(role: str | None) -> str:
    return {"walidata": tk._("Walidata"), "opd": tk._("OPD"),
            "system": tk._("System")}.get(role or "", role or "")


def daftar_event_details(event: dict[str, Any]) -> str:
    """What a step of the history did, in a line."""
    data = event.get("data") or {}
    headers = {column.key: column.header for column in COLUMNS}
    headers["group"] = tk._("Topic")
    action = event.get("action")
    parts: list[str] = []
    if action == "update" and data.get("changes"):
        parts.append(", ".join(headers.get(key, key)
                               for key in data["changes"]))
    elif action in ("delete", "reopen") and data.get("reason"):
        parts.append(str(data["reason"]))
    elif action in ("link", "unlink"):
        parts.append(" · ".join(str(data[key]) for key in (
            "package", "period") if data.get(key)))
    elif action == "confirm":
        parts.append(" · ".join(str(data[key]) for key in (
            "name", "jabatan", "nip") if data.get(key)))
    if data.get("import"):
        parts.append(tk._("by import"))
    if data.get("after_confirmation"):
        parts.append(tk._("after the OPD confirmed its list"))
    return "; ".join(part for part in parts if part)


def daftar_menu() -> dict[str, bool]:
    """Which Daftar Data links the header shows the logged-in user: the
    lists (walidata, pembina, OPD members) and the monitoring (walidata,
    pembina). Worked out once per request."""
    import ckan.plugins.toolkit as tk
    from flask import g

    found = getattr(g, "_satudata_daftar_menu", None)
    if found is None:
        found = {"daftar": False, "monitoring": False}
        user = tk.current_user
        if user.is_authenticated:
            from .logic.access import of

            who = of(user.name)
            found = {"daftar": who.staff, "monitoring": who.reads_all}
        g._satudata_daftar_menu = found
    return found


def get_helpers() -> dict[str, Any]:
    return {
        "satudata_daftar_menu": daftar_menu,
        "satudata_daftar_columns": daftar_columns,
        "satudata_daftar_code_label": daftar_code_label,
        "satudata_daftar_code_options": daftar_code_options,
        "satudata_daftar_event_label": daftar_event_label,
        "satudata_daftar_role_label": daftar_role_label,
        "satudata_daftar_event_details": daftar_event_details,
    }
