"""App settings: app info, form fields and layout, and creating apps through preview + deploy."""

import copy
from collections.abc import Mapping
from typing import Any, Final

from ticketrelay.kintone.sim.call import Call, list_param, to_int
from ticketrelay.kintone.sim.messages import (
    Problems,
    SimError,
    bad_json,
    invalid_param,
    msg,
)
from ticketrelay.kintone.sim.schema import SYSTEM_CODES, WRITABLE, normalize_property
from ticketrelay.kintone.sim.store import SimApp

ADDABLE_TYPES: Final = WRITABLE | {"CALC", "FILE", "GROUP", "REFERENCE_TABLE"}
ANY_RIGHT: Final = ("view", "add", "edit", "delete", "manage")


def get_app(call: Call) -> dict[str, Any]:
    """GET app.json: the app's name, space and timestamps."""
    app = call.app(*ANY_RIGHT, key="id")
    admin = {"code": call.state.settings.admin_user, "name": call.state.settings.admin_user}
    return {
        "appId": str(app.id),
        "code": "",
        "name": app.name,
        "description": "",
        "spaceId": None if app.space is None else str(app.space),
        "threadId": None if app.space is None else str(app.space),
        "createdAt": app.created_at,
        "creator": admin,
        "modifiedAt": app.created_at,
        "modifier": admin,
    }


def get_fields(call: Call) -> dict[str, Any]:
    """GET app/form/fields.json: the live fields (view or add permission)."""
    app = call.app("view", "add")
    return {"properties": copy.deepcopy(app.live), "revision": str(app.live_revision)}


def get_layout(call: Call) -> dict[str, Any]:
    """GET app/form/layout.json: one row per field, as a list (cli-kintone reads it)."""
    app = call.app("view", "add")
    return {"layout": layout_of(app.live), "revision": str(app.live_revision)}


def layout_of(properties: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A simple layout: every non-system field on a row of its own."""
    rows: list[dict[str, Any]] = []
    for code, props in properties.items():
        kind = props["type"]
        if kind in SYSTEM_CODES:
            continue
        if kind == "SUBTABLE":
            inner = [_cell(c, p) for c, p in props.get("fields", {}).items()]
            rows.append({"type": "SUBTABLE", "code": code, "fields": inner})
        elif kind == "GROUP":
            rows.append({"type": "GROUP", "code": code, "layout": []})
        else:
            rows.append({"type": "ROW", "fields": [_cell(code, props)]})
    return rows


def _cell(code: str, props: Mapping[str, Any]) -> dict[str, Any]:
    return {"type": props["type"], "code": code, "size": {"width": "193"}}


def add_preview_app(call: Call) -> dict[str, Any]:
    """POST preview/app.json: a new app in preview (password users only)."""
    if call.caller.user is None:
        raise SimError(403, "GAIA_NO01")
    name = call.params.get("name")
    if not isinstance(name, str) or not name:
        raise invalid_param("name", msg("required_param"))
    space = call.params.get("space")
    if call.guest is not None:
        space = call.guest
    elif space is not None:
        space = to_int(space, "space")
    app = call.state.new_app(name, space=space, guest=call.guest is not None)
    return {"app": str(app.id), "revision": str(app.revision)}


def get_preview_fields(call: Call) -> dict[str, Any]:
    """GET preview/app/form/fields.json: the fields not yet deployed."""
    app = call.app("manage", live=False)
    return {"properties": copy.deepcopy(app.preview), "revision": str(app.revision)}


def add_preview_fields(call: Call) -> dict[str, Any]:
    """POST preview/app/form/fields.json: add fields to the preview form."""
    app, properties = _preview_change(call)
    problems = Problems()
    for code, props in properties.items():
        if code in app.preview:
            problems.add(f"properties[{code}].code", msg("duplicate_code"))
        elif not isinstance(props, Mapping) or props.get("type") not in ADDABLE_TYPES:
            problems.add(f"properties[{code}].type", msg("bad_field"))
    problems.check()
    for code, props in properties.items():
        app.preview[code] = normalize_property(code, props)
    return _bump(call, app)


def update_preview_fields(call: Call) -> dict[str, Any]:
    """PUT preview/app/form/fields.json: change fields (also their code) in the preview form."""
    app, properties = _preview_change(call)
    for code, props in properties.items():
        if code not in app.preview or not isinstance(props, Mapping):
            raise invalid_param(f"properties[{code}]", msg("bad_field"))
    for code, props in properties.items():
        merged = {**app.preview.pop(code), **props}
        new_code = str(props.get("code") or code)
        app.preview[new_code] = normalize_property(new_code, merged)
    return _bump(call, app)


def delete_preview_fields(call: Call) -> dict[str, Any]:
    """DELETE preview/app/form/fields.json: remove fields from the preview form."""
    app = call.app("manage", live=False)
    codes = [str(c) for c in list_param(call.params, "fields") or ()]
    for code in codes:
        if code not in app.preview or app.preview[code]["type"] in SYSTEM_CODES:
            raise invalid_param(f"fields[{code}]", msg("bad_field"))
    for code in codes:
        del app.preview[code]
    return _bump(call, app)


def _preview_change(call: Call) -> tuple[SimApp, Mapping[str, Any]]:
    app = call.app("manage", live=False)
    properties = call.params.get("properties")
    if not isinstance(properties, Mapping):
        raise bad_json()
    _check_app_revision(call, app, call.params.get("revision"))
    return app, properties


def _check_app_revision(call: Call, app: SimApp, expected: object) -> None:
    """GAIA_CO02 unless `expected` is absent, -1 or the revision of the app's settings."""
    if expected not in (None, "", -1, "-1") and to_int(expected, "revision") != app.revision:
        raise SimError(call.settings.revision_conflict_status, "GAIA_CO02")


def _bump(call: Call, app: SimApp) -> dict[str, Any]:
    app.revision += 1
    call.state.save_app(app)
    return {"revision": str(app.revision)}


def deploy(call: Call) -> dict[str, Any]:
    """POST preview/app/deploy.json: make the preview forms live (or revert them)."""
    entries = list_param(call.params, "apps")
    if not entries:
        raise invalid_param("apps", msg("required_param"))
    apps = [_deploy_target(call, e) for e in entries]
    for app in apps:
        if call.params.get("revert") in (True, "true"):
            app.preview = copy.deepcopy(app.live)
            app.revision = app.live_revision or app.revision
        else:
            app.deploy()
            app.pending_polls = call.settings.deploy_processing_polls
        call.state.save_app(app)
    return {}


def _deploy_target(call: Call, entry: object) -> SimApp:
    if not isinstance(entry, Mapping):
        raise bad_json()
    app = call.app_by_id(call.number("app", entry.get("app")), "manage", live=False)
    _check_app_revision(call, app, entry.get("revision"))
    return app


def deploy_status(call: Call) -> dict[str, Any]:
    """GET preview/app/deploy.json: SUCCESS once deployed (PROCESSING for the first polls)."""
    ids = list_param(call.params, "apps")
    if not ids:
        raise invalid_param("apps", msg("required_param"))
    out = []
    for raw in ids:
        app = call.app_by_id(call.number("apps", raw), "manage", live=False)
        status = "SUCCESS" if app.deployed else "PROCESSING"
        if app.pending_polls > 0:
            app.pending_polls -= 1
            status = "PROCESSING"
        out.append({"app": str(app.id), "status": status})
    return {"apps": out}
