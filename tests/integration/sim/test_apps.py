"""Creating apps through preview and deploy, form fields and layout (kintone-api.md §2.7, §13)."""

from ticketrelay.kintone import fields
from ticketrelay.kintone.sim import Simulator

from .conftest import Kintone, error_of


def create(kintone: Kintone, properties: dict[str, dict[str, object]]) -> int:
    """Create an app through the kintone API and deploy it."""
    app = kintone.call("POST", "preview/app.json", {"name": "made"}).json()["app"]
    kintone.call("POST", "preview/app/form/fields.json", {"app": app, "properties": properties})
    kintone.call("POST", "preview/app/deploy.json", {"apps": [{"app": app}]})
    return int(app)


def test_add_app_returns_string_ids(kintone: Kintone) -> None:
    """§13: POST preview/app.json → {"app": "N", "revision": "2"}."""
    body = kintone.call("POST", "preview/app.json", {"name": "new"}).json()
    assert set(body) == {"app", "revision"}
    assert body["revision"] == "2"
    assert body["app"].isdigit()


def test_app_is_usable_only_after_deploy(kintone: Kintone) -> None:
    """§13: records and live fields only after a deploy reports SUCCESS."""
    app = kintone.call("POST", "preview/app.json", {"name": "pre"}).json()["app"]
    before = kintone.call("GET", "records.json", params={"app": app})
    assert error_of(before)[:2] == (404, "GAIA_AP01")
    kintone.call("POST", "preview/app/deploy.json", {"apps": [{"app": app}]})
    status = kintone.call("GET", "preview/app/deploy.json", params={"apps[0]": app}).json()
    assert status == {"apps": [{"app": app, "status": "SUCCESS"}]}
    assert kintone.call("GET", "records.json", params={"app": app}).status_code == 200


def test_fields_have_kintone_defaults_and_system_fields(kintone: Kintone) -> None:
    """§2.7: booleans, limits as strings ("" unset), options {label,index}, system fields."""
    app = create(
        kintone,
        {
            "t": {"type": "SINGLE_LINE_TEXT", "label": "T", "maxLength": 64},
            "d": {"type": "DROP_DOWN", "options": {"p": {"label": "p", "index": 0}}},
        },
    )
    body = kintone.call("GET", "app/form/fields.json", params={"app": app}).json()
    props = body["properties"]
    assert props["t"] == {
        "type": "SINGLE_LINE_TEXT",
        "code": "t",
        "label": "T",
        "noLabel": False,
        "required": False,
        "defaultValue": "",
        "unique": False,
        "minLength": "",
        "maxLength": "64",
        "expression": "",
        "hideExpression": False,
    }
    assert props["d"]["options"] == {"p": {"label": "p", "index": "0"}}
    assert props["レコード番号"]["type"] == "RECORD_NUMBER"
    assert props["ステータス"] == {
        "type": "STATUS",
        "code": "ステータス",
        "label": "ステータス",
        "enabled": False,
    }
    assert {p["type"] for p in props.values()} >= {
        "CREATOR",
        "CREATED_TIME",
        "MODIFIER",
        "UPDATED_TIME",
    }
    assert body["revision"] == "3"


def test_fields_parse_with_ticketrelays_typed_fields(sim: Simulator, kintone: Kintone) -> None:
    """§2.7: the live properties read back into the same typed fields that created them."""
    made = [
        fields.SingleLineText(code="id", unique=True, max_length=64),
        fields.Number(code="n", required=True),
    ]
    app = sim.create_app("typed", made)
    props = kintone.call("GET", "app/form/fields.json", params={"app": app}).json()["properties"]
    assert [fields.parse_field(props["id"]), fields.parse_field(props["n"])] == [
        fields.SingleLineText(code="id", label="id", unique=True, max_length=64),
        fields.Number(code="n", label="n", required=True),
    ]


def test_unique_is_dropped_where_kintone_drops_it(kintone: Kintone) -> None:
    """§2.7: `unique` is only kept on SINGLE_LINE_TEXT, NUMBER, LINK, DATE, DATETIME."""
    app = create(kintone, {"m": {"type": "MULTI_LINE_TEXT", "unique": True}})
    props = kintone.call("GET", "app/form/fields.json", params={"app": app}).json()["properties"]
    assert "unique" not in props["m"]


def test_radio_button_defaults(kintone: Kintone) -> None:
    """§2.7: a RADIO_BUTTON without settings comes back required, first option as default."""
    app = create(
        kintone,
        {
            "r": {
                "type": "RADIO_BUTTON",
                "options": {"a": {"label": "a", "index": "0"}, "b": {"label": "b", "index": "1"}},
            }
        },
    )
    props = kintone.call("GET", "app/form/fields.json", params={"app": app}).json()["properties"]
    assert (props["r"]["required"], props["r"]["defaultValue"]) == (True, "a")


def test_duplicate_field_code_is_refused(kintone: Kintone) -> None:
    """§13: adding a field whose code exists → CB_VA01."""
    app = kintone.call("POST", "preview/app.json", {"name": "dup"}).json()["app"]
    props = {"x": {"type": "NUMBER"}}
    kintone.call("POST", "preview/app/form/fields.json", {"app": app, "properties": props})
    again = kintone.call("POST", "preview/app/form/fields.json", {"app": app, "properties": props})
    assert error_of(again) == (
        400,
        "CB_VA01",
        {"properties[x].code": ["フィールドコードが重複しています。"]},
    )


def test_preview_changes_are_not_live_until_deployed(kintone: Kintone, sim: Simulator) -> None:
    """§13: preview edits change nothing live until deployed; then a deleted field is gone."""
    app = sim.create_app("live", {"a": {"type": "SINGLE_LINE_TEXT"}, "b": {"type": "NUMBER"}})
    kintone.call("DELETE", "preview/app/form/fields.json", {"app": app, "fields": ["b"]})
    preview = kintone.call("GET", "preview/app/form/fields.json", params={"app": app}).json()
    live = kintone.call("GET", "app/form/fields.json", params={"app": app}).json()
    assert ("b" in preview["properties"], "b" in live["properties"]) == (False, True)
    kintone.call("POST", "preview/app/deploy.json", {"apps": [{"app": app}]})
    live = kintone.call("GET", "app/form/fields.json", params={"app": app}).json()
    assert "b" not in live["properties"]


def test_a_changed_field_type_takes_effect_on_deploy(kintone: Kintone, sim: Simulator) -> None:
    """§13: PUT preview fields changes a field; after deploy, writes follow the new definition."""
    app = sim.create_app("change", {"a": {"type": "SINGLE_LINE_TEXT"}})
    kintone.call(
        "PUT", "preview/app/form/fields.json", {"app": app, "properties": {"a": {"type": "NUMBER"}}}
    )
    kintone.call("POST", "preview/app/deploy.json", {"apps": [{"app": app}]})
    response = kintone.call("POST", "record.json", {"app": app, "record": {"a": {"value": "text"}}})
    assert error_of(response) == (
        400,
        "CB_VA01",
        {"record[a].value": ["数字でなければなりません。"]},
    )


def test_layout_is_a_list(kintone: Kintone, sim: Simulator) -> None:
    """§12: layout.json's layout is a list (cli-kintone's export fails otherwise)."""
    app = sim.create_app("layout", {"a": {"type": "SINGLE_LINE_TEXT"}})
    body = kintone.call("GET", "app/form/layout.json", params={"app": app}).json()
    assert body["layout"] == [
        {
            "type": "ROW",
            "fields": [{"type": "SINGLE_LINE_TEXT", "code": "a", "size": {"width": "193"}}],
        }
    ]


def test_get_app(kintone: Kintone, sim: Simulator) -> None:
    """§2 (app.json): the app's id as a string and its name."""
    app = sim.create_app("named")
    body = kintone.call("GET", "app.json", params={"id": app}).json()
    assert (body["appId"], body["name"], body["spaceId"]) == (str(app), "named", None)
