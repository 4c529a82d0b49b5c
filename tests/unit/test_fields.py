"""Typed kintone field definitions read from and written to kintone's JSON shapes."""

from decimal import Decimal

from ticketrelay.kintone import fields


def test_single_line_text_carries_unique_and_lengths() -> None:
    """Limits arrive as strings and booleans as JSON booleans, as kintone sends them."""
    field = fields.parse_field(
        {
            "type": "SINGLE_LINE_TEXT",
            "code": "activity_id",
            "label": "Activity ID",
            "required": True,
            "unique": True,
            "minLength": "1",
            "maxLength": "64",
            "defaultValue": "",
        }
    )
    assert field == fields.SingleLineText(
        code="activity_id",
        label="Activity ID",
        required=True,
        unique=True,
        min_length=1,
        max_length=64,
    )


def test_unset_limits_are_none() -> None:
    """An empty string means the limit is not set."""
    field = fields.parse_field({"type": "NUMBER", "code": "n", "minValue": "", "maxValue": "9.5"})
    assert field == fields.Number(code="n", min_value=None, max_value=Decimal("9.5"))


def test_options_keep_kintone_index_order() -> None:
    """Options are ordered by their index, which kintone sends as a string."""
    field = fields.parse_field(
        {
            "type": "DROP_DOWN",
            "code": "channel",
            "options": {
                "SMS": {"label": "SMS", "index": "10"},
                "メール": {"label": "メール", "index": "2"},
            },
        }
    )
    assert isinstance(field, fields.DropDown)
    assert field.options == ("メール", "SMS")


def test_unknown_type_is_unsupported_with_its_name() -> None:
    """A type ticketrelay cannot write is kept with its type name."""
    field = fields.parse_field({"type": "CHECK_BOX", "code": "tags", "label": "Tags"})
    assert field == fields.Unsupported(code="tags", label="Tags", type_name="CHECK_BOX")
    assert field.type == "CHECK_BOX"


def test_link_protocol() -> None:
    """LINK fields carry their protocol."""
    field = fields.parse_field({"type": "LINK", "code": "mail", "protocol": "MAIL"})
    assert isinstance(field, fields.Link)
    assert field.protocol == "MAIL"


def test_round_trip_through_properties() -> None:
    """Rendering a field and parsing it back gives the same field."""
    originals = [
        fields.SingleLineText(code="a", label="A", unique=True, max_length=10),
        fields.MultiLineText(code="b", label="B", default="x"),
        fields.RichText(code="c", label="C"),
        fields.Number(code="d", label="D", min_value=Decimal(0), max_value=Decimal(100)),
        fields.Date(code="e", label="E", default_now=True),
        fields.Time(code="f", label="F"),
        fields.DateTime(code="g", label="G", unique=True),
        fields.Link(code="h", label="H", protocol="CALL", min_length=3),
        fields.RadioButton(code="i", label="I", options=("x", "y"), default="x", required=True),
        fields.DropDown(code="j", label="J", options=("p", "q")),
    ]
    for original in originals:
        assert fields.parse_field(fields.to_properties(original)) == original
