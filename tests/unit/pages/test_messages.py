"""Every text in both languages, and every key the templates use exists."""

import re
import string

import pytest

from ticketrelay.web.pages import messages
from ticketrelay.web.pages.messages import editor, frame, integrations, log, sources
from ticketrelay.web.pages.render import TEMPLATES

CODE = list(TEMPLATES.parent.glob("*.py"))
SOURCES = [*TEMPLATES.glob("*.html"), *CODE]
_KEY = re.compile(r"""\bt\(\s*["']([a-z_.]+)["']\s*[,)]""")
_CODE_KEY = re.compile(
    r"""["']((?:editor|sources|login|password|csrf|notfound|log|flash)\.[a-z_]+)["']"""
)
DYNAMIC = [f"severity.{s}" for s in ("error", "alert", "warning")] + [
    f"log.delivery.{s}" for s in ("pending", "delivered", "error", "cancelled")
]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(messages.TEXTS))
def test_every_text_has_both_languages_with_the_same_placeholders(key: str) -> None:
    """Japanese and English are both written and take the same values."""
    ja, en = messages.TEXTS[key]
    assert ja.strip()
    assert en.strip()
    assert _placeholders(ja) == _placeholders(en)


def test_every_key_used_in_templates_and_code_exists() -> None:
    """A typo in a key would fail at render time; find it here first."""
    used = {key for path in SOURCES for key in _KEY.findall(path.read_text(encoding="utf-8"))}
    for path in CODE:
        found = _CODE_KEY.findall(path.read_text(encoding="utf-8"))
        used |= {key for key in found if not key.endswith(".html")}
    assert len(used) > 100
    assert (used | set(DYNAMIC)) - set(messages.TEXTS) == set()


def test_the_small_tables_have_both_languages() -> None:
    """Channel, type and outcome names are written in both languages too."""
    for table in (messages.CHANNEL_LABELS, messages.TYPE_NAMES, messages.OUTCOMES):
        assert all(ja and en for ja, en in table.values())


def test_text_fills_in_its_placeholders() -> None:
    """Values go into the text of the chosen language."""
    assert (
        messages.text("flash.resent", "ja", count=3)
        == "3件のアクティビティを再送キューに入れました。"
    )
    assert messages.text("flash.resent", "en", count=3) == "3 activities were queued again."


def test_no_page_redefines_another_pages_key() -> None:
    """The per-page tables merge without one text silently replacing another."""
    tables = [frame.TEXTS, integrations.TEXTS, editor.TEXTS, log.TEXTS, sources.TEXTS]
    assert sum(len(table) for table in tables) == len(messages.TEXTS)
