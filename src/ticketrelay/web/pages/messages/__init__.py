"""Every text of the settings page, in Japanese (the default) and English, by key.

The texts live beside the pages that use them (`frame`, `integrations`, `editor`, `log`,
`sources`); each is a (Japanese, English) pair. Templates call `t("key", name=value)`; a
text may hold `{name}` placeholders. The values filled in are escaped by Jinja2 like any
other data, because `t` returns a plain string.
"""

from typing import Literal

from ticketrelay.web.pages.messages import editor, frame, integrations, log, sources
from ticketrelay.web.pages.messages.editor import OUTCOMES, PAUSE_OTHER, PAUSES, TYPE_NAMES
from ticketrelay.web.pages.messages.integrations import CHANNEL_LABELS

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")
TEXTS: dict[str, tuple[str, str]] = {
    **frame.TEXTS,
    **integrations.TEXTS,
    **editor.TEXTS,
    **log.TEXTS,
    **sources.TEXTS,
}

__all__ = [
    "CHANNEL_LABELS",
    "LANGS",
    "OUTCOMES",
    "PAUSES",
    "PAUSE_OTHER",
    "TEXTS",
    "TYPE_NAMES",
    "Lang",
    "pick",
    "text",
]


def text(key: str, lang: Lang, **params: object) -> str:
    """The text of `key` in `lang`, with its placeholders filled in."""
    template = TEXTS[key][LANGS.index(lang)]
    return template.format(**params) if params else template


def pick(pair: tuple[str, str], lang: Lang) -> str:
    """The Japanese or English half of a (Japanese, English) pair."""
    return pair[LANGS.index(lang)]
