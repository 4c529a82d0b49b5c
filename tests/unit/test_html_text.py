"""HTML mail bodies become the plain text a person reads in them."""

import itertools
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketrelay.rules import html_text
from ticketrelay.rules.html_text import html_to_text, looks_like_html

REPLY = """\
<html><head><meta charset="utf-8"><title>Re: 返品について</title>
<style>p { margin: 0 }</style></head>
<body>
  <div>石川様</div>
  <div><br></div>
  <div>いつもお世話になっております。<br>
       返品を承りました。</div>
  <p>デモサポート株式会社&nbsp;&nbsp;田中</p>
  <div class="gmail_quote">
    <div>2026年11月24日(火) 18:02 石川
      <a href="mailto:ishikawa@example.jp">ishikawa@example.jp</a>:</div>
    <blockquote type="cite">
      <p>商品が届きましたが、サイズが合いません。</p>
      <blockquote><p>ご注文ありがとうございます。</p></blockquote>
    </blockquote>
  </div>
  <script>track()</script>
</body></html>
"""


def test_a_reply_mail_reads_as_a_person_reads_it() -> None:
    """Lines where the mail breaks them, the quoted mail kept with `>` before each line."""
    assert html_to_text(REPLY) == (
        "石川様\n"
        "\n"
        "いつもお世話になっております。\n"
        "返品を承りました。\n"
        "\n"
        "デモサポート株式会社  田中\n"
        "\n"
        "2026年11月24日(火) 18:02 石川 ishikawa@example.jp:\n"
        "\n"
        "> 商品が届きましたが、サイズが合いません。\n"
        ">\n"
        "> > ご注文ありがとうございます。"
    )


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("a<br>b<br/>c</br>d", "a\nb\nc\nd"),
        ("a<br><br><br><br>b", "a\n\nb"),
        ("a<hr/>b<img src='x.png'/>", "a\n\nb"),
        ("<p>a</p><p>b</p>", "a\n\nb"),
        ("<div>a</div><div>b</div>", "a\nb"),
        ("<h1>Title</h1>text", "Title\n\ntext"),
        ("<p>  many\n\t spaces   here </p>", "many spaces here"),
        ("<b>bold</b> and <i>italic</i>", "bold and italic"),
        ("&lt;tag&gt; &amp; &quot;q&quot; &#x3042;&#12354;", '<tag> & "q" ああ'),
        ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
        ("<ol><li>one</li><li>two</li></ol><ul><li>x</li></ul>", "1. one\n2. two\n\n- x"),
        ("<li>loose item</li>", "- loose item"),
        (
            "<table><tr><th>名前</th><td>田中</td></tr><tr><td>電話</td><td>03</td></tr></table>",
            "名前 田中\n電話 03",
        ),
        ("<pre>  indented\n\n\n\n  code</pre>after", "  indented\n\n  code\n\nafter"),
        ("<style>p{}</style><script>x()</script><template>t</template>shown", "shown"),
        ("<head><title>t</title></head>body", "body"),
        ("</blockquote></pre></ul></script>stray ends", "stray ends"),
        ("<!-- comment --><!--[if mso]>outlook<![endif]-->text", "text"),
        ("plain text, no tags", "plain text, no tags"),
        ("a < b <3 <!-- note --> c", "a < b <3 c"),
        ("<p>x</p><!-- never closed <p>y</p>", "x"),
        ("<!DOCTYPE html><p>x<a <b>y</b></p>", "x<a y"),
        ("a&nbsp;", "a"),
        ("a<br>&nbsp;<pre>b\n   </pre>", "a\n\nb"),
        ("", ""),
    ],
)
def test_markup_becomes_text(markup: str, text: str) -> None:
    """Blocks, breaks, entities, lists, tables, preformatted text and hidden parts."""
    assert html_to_text(markup) == text


@pytest.mark.parametrize("piece", ["<a ", "<?", "</", "<!--", "<!", "<"])
def test_unclosed_markup_takes_linear_time(piece: str) -> None:
    """The standard parser is quadratic over these; a mail of them is read at once."""
    started = time.monotonic()
    html_to_text(piece * 100_000 + "end")
    assert time.monotonic() - started < 5


def test_a_parser_failure_falls_back_to_dropping_tags(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the standard parser ever fail, the text is still given, tags removed."""

    def fail(self: object, data: str) -> None:
        raise AssertionError("unexpected markup")

    monkeypatch.setattr(html_text._Reader, "feed", fail)
    assert html_to_text("<p>a  &amp;\n b</p>\n<div>c</div>") == "a &\nb\nc"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<p>x</p>", True),
        ("a<br/>b", True),
        ('<div class="x">', True),
        ("</span>", True),
        ("<https://example.com>", False),
        ("<ogawa@example.jp>", False),
        ("1 < 2 and 3 > 2", False),
        ("**markdown**", False),
    ],
)
def test_html_is_told_from_markdown_and_text(text: str, html: bool) -> None:
    """A tag makes HTML; an autolink, an address in brackets or a comparison does not."""
    assert looks_like_html(text) is html


@given(st.text())
def test_any_text_gives_text(markup: str) -> None:
    """Whatever the markup, text comes back, with no trailing spaces on any line."""
    text = html_to_text(markup)
    assert all(line == line.rstrip() for line in text.split("\n"))


PIECES = ["<p>", "</p>", "<br>", "<blockquote>", "</blockquote>", "<pre>", "</pre>", "x", " "]
PIECES += ["<li>", "<ol>", "</ol>", "\n"]


@given(st.lists(st.sampled_from(PIECES)))
def test_any_mix_of_tags_gives_text(parts: list[str]) -> None:
    """Odd nesting never breaks the reader, and never makes two blank lines in a row."""
    lines = html_to_text("".join(parts)).split("\n")
    blank = [not line.replace(">", "").strip() for line in lines]
    assert not any(a and b for a, b in itertools.pairwise(blank))
    assert lines == [""] or not (blank[0] or blank[-1])
