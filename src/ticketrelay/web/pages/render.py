"""Rendering pages: the Jinja2 environment (autoescaped), the language, security headers."""

import hashlib
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from ticketrelay.rules.mapping import load_zone
from ticketrelay.rules.scalars import in_zone
from ticketrelay.store.admin import Session
from ticketrelay.web.pages.messages import Lang, pick, text

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
LANG_COOKIE = "lang"
TOKYO = ZoneInfo("Asia/Tokyo")

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def language(request: Request) -> Lang:
    """The page language: Japanese unless the `lang` cookie asks for English."""
    return "en" if request.cookies.get(LANG_COOKIE) == "en" else "ja"


def local_time(moment: datetime | None, zone: str = "Asia/Tokyo", seconds: bool = False) -> str:
    """A time as `YYYY-MM-DD HH:MM` in a time zone; empty for None.

    A time the zone cannot show (past year 9999 there, say) is shown in UTC, and says so.
    """
    if moment is None:
        return ""
    local = in_zone(moment, load_zone(zone) or TOKYO)
    shown = local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return f"{shown} UTC" if local.tzinfo is UTC else shown


def sentence(text: str) -> str:
    """Text with its first letter in upper case (the English value names are lower case)."""
    return text[:1].upper() + text[1:]


def local_path(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this site, else `default` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


class Renderer:
    """Turns a template and its data into a page in the visitor's language."""

    def __init__(self) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.do"],
        )
        self.env.filters["localtime"] = local_time
        self.env.filters["sentence"] = sentence
        self.env.globals["static"] = _static_url

    def page(
        self,
        request: Request,
        template: str,
        *,
        session: Session | None,
        status_code: int = 200,
        **context: Any,
    ) -> HTMLResponse:
        """A rendered template with every page's context and headers."""
        return self.html(self.render(request, template, session=session, **context), status_code)

    def render(
        self, request: Request, template: str, *, session: Session | None, **context: Any
    ) -> str:
        """A rendered template as text."""
        lang = language(request)
        here = _here(request)
        values = {
            "lang": lang,
            "t": lambda key, **params: text(key, lang, **params),
            "pick": lambda pair: pick(pair, lang),
            "csrf": session.csrf_token if session else context.pop("csrf", ""),
            "signed_in": session is not None,
            "here": here,
            "here_quoted": quote(here, safe=""),
            "flash": _flash(request, lang),
            **context,
        }
        return self.env.get_template(template).render(values)

    @staticmethod
    def html(body: str, status_code: int = 200) -> HTMLResponse:
        """An HTML response with the security headers of every page."""
        return HTMLResponse(body, status_code=status_code, headers=HEADERS)


def _here(request: Request) -> str:
    """This page's path, to come back to; for a form's answer, the page the form was on."""
    if request.method == "GET":
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc:
        return "/"
    return local_path(referer.path + (f"?{referer.query}" if referer.query else ""))


def _flash(request: Request, lang: Lang) -> str:
    key = request.query_params.get("msg", "")
    count = request.query_params.get("count", "0")
    try:
        return text(f"flash.{key}", lang, count=int(count)) if key else ""
    except (KeyError, ValueError):
        return ""


@lru_cache(maxsize=32)
def _static_url(name: str) -> str:
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
    return f"/static/{name}?v={digest}"
