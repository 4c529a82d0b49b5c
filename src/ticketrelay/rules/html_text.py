"""HTML mail bodies as the plain text a person reads in them; `html_to_text` never raises.

Block elements and `<br>` become line breaks (paragraphs, headings, lists, tables and quotes
a blank line), list items start with `- ` or their number, table cells are set apart by a
space, quoted replies (`<blockquote>`) keep their place with `> ` before each line, entities
are decoded, scripts, styles and the head are dropped, and whitespace collapses as a browser
collapses it (except in `<pre>`), with at most one blank line in a row.
"""

import html
import re
from html.parser import HTMLParser

_LINE = frozenset(
    {"div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "main", "nav"}
    | {"aside", "form", "fieldset", "details", "summary", "center", "figcaption", "caption"}
)
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "pre", "hr"}
    | {"blockquote", "address", "figure"}
)
_HIDDEN = frozenset({"script", "style", "head", "title", "template"})
_CELLS = frozenset({"td", "th"})
_SPACE = re.compile(r"[ \t\n\r\f]+")
_TAG = re.compile(r"<[^<>]*>")
# A `<` that opens no closed tag, declaration or processing instruction before the next `<`.
_STRAY = re.compile(r"<(?!/?[A-Za-z][^<>]*>|![^<>]*>|\?[^<>]*>)")
_HTML = re.compile(r"<(?:[a-z][a-z0-9]*)(?:\s[^<>]*)?/?>|</[a-z][a-z0-9]*\s*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether `text` holds at least one HTML tag (a markdown `<https://...>` link is none)."""
    return _HTML.search(text) is not None


def html_to_text(markup: str) -> str:
    """The text of an HTML document or fragment as a person reads it; never raises."""
    reader = _Reader()
    try:
        # The standard parser takes quadratic time over unclosed constructs: none reach it.
        reader.feed(_STRAY.sub("&lt;", _without_comments(markup)))
        reader.close()
    except Exception:  # the parser's failure modes are undocumented; tags then just go
        return _fallback(markup)
    return reader.text()


def _without_comments(markup: str) -> str:
    """`markup` without its comments; an unclosed one runs to the end, as in a browser."""
    kept: list[str] = []
    start = 0
    while (opened := markup.find("<!--", start)) >= 0:
        kept.append(markup[start:opened])
        closed = markup.find("-->", opened + 4)
        start = len(markup) if closed < 0 else closed + 3
    kept.append(markup[start:])
    return "".join(kept)


def _blank(line: str) -> bool:
    """Whether a line shows nothing but quote marks."""
    return not line.replace(">", "").strip()


def _fallback(markup: str) -> str:
    text = html.unescape(_TAG.sub(" ", markup))
    return "\n".join(_SPACE.sub(" ", line).strip() for line in text.splitlines()).strip()


class _Reader(HTMLParser):
    """Collects text lines, each with the depth of quotes it sits in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._lines: list[tuple[int, str]] = []
        self._line: list[str] = []
        self._line_depth = 0
        self._breaks = 0
        self._depth = 0
        self._hidden = 0
        self._pre = 0
        self._lists: list[list[int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "br":
            self._breaks = min(self._breaks + 1, 2)
        else:
            self._block(tag)
            self._open(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag != "br":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        elif tag == "br":
            self.handle_starttag(tag, [])
        else:
            self._close(tag)
            self._block(tag)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._pre:
            first, *rest = data.split("\n")
            self._write(first, keep=True)
            for line in rest:
                self._breaks = min(self._breaks + 1, 2)
                self._write(line, keep=True)
        else:
            self._write(_SPACE.sub(" ", data), keep=False)

    def text(self) -> str:
        """The lines read so far, quoted where they were quoted."""
        self._flush()
        lines: list[str] = []
        for depth, line in self._lines:
            shown = ("> " * depth + line).rstrip().replace("\xa0", " ")
            if not _blank(shown) or (lines and not _blank(lines[-1])):
                lines.append(shown)
        while lines and _blank(lines[-1]):
            lines.pop()
        return "\n".join(lines)

    def _open(self, tag: str) -> None:
        if tag == "blockquote":
            self._depth += 1
        elif tag == "pre":
            self._pre += 1
        elif tag in ("ul", "ol"):
            self._lists.append([tag == "ol", 0])
        elif tag == "li":
            self._write(self._bullet(), keep=True)
        elif tag in _CELLS:
            self._write(" ", keep=False)

    def _close(self, tag: str) -> None:
        if tag == "blockquote":
            self._depth = max(self._depth - 1, 0)
        elif tag == "pre":
            self._pre = max(self._pre - 1, 0)
        elif tag in ("ul", "ol") and self._lists:
            self._lists.pop()

    def _bullet(self) -> str:
        if not self._lists or not self._lists[-1][0]:
            return "- "
        self._lists[-1][1] += 1
        return f"{self._lists[-1][1]}. "

    def _block(self, tag: str) -> None:
        if tag in _PARAGRAPH:
            self._breaks = 2
        elif tag in _LINE:
            self._breaks = max(self._breaks, 1)

    def _write(self, text: str, *, keep: bool) -> None:
        starts_line = self._breaks > 0 or not self._line
        if not keep and (starts_line or self._line[-1].endswith(" ")):
            text = text.lstrip(" ")
        if not text:
            return
        if self._breaks and (self._line or self._lines):
            blank = (min(self._line_depth, self._depth), "")
            self._flush()
            self._lines.extend([blank] * (self._breaks - 1))
        if not self._line:
            self._line_depth = self._depth
        self._breaks = 0
        self._line.append(text)

    def _flush(self) -> None:
        if self._line:
            self._lines.append((self._line_depth, "".join(self._line)))
        self._line = []
