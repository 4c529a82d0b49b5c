"""Logging in and out, changing the password, and switching the language."""

import secrets
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from ticketrelay.store import admin
from ticketrelay.store.admin import Session
from ticketrelay.web.pages.context import Pages
from ticketrelay.web.pages.passwords import (
    MIN_LENGTH,
    hash_password,
    is_admin_token,
    verify_password,
)
from ticketrelay.web.pages.render import LANG_COOKIE, local_path
from ticketrelay.web.pages.sessions import COOKIE, LOGIN_CSRF_COOKIE, csrf_ok, set_cookie

ONE_YEAR = 365 * 24 * 3600


def routes(pages: Pages) -> APIRouter:
    """The login, logout, password and language routes."""
    router = APIRouter()
    checked = Annotated[Session, Depends(pages.checked)]
    signed_in = Annotated[Session, Depends(pages.signed_in)]

    @router.get("/login")
    def login_form(request: Request, next: str = "/") -> Response:
        if pages.sessions.find(request.cookies.get(COOKIE)):
            return RedirectResponse(local_path(next), status_code=303)
        return _login_page(pages, request, next)

    @router.post("/login")
    async def login(
        request: Request,
        password: Annotated[str, Form()] = "",
        csrf_token: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = "/",
    ) -> Response:
        if not csrf_ok(request.cookies.get(LOGIN_CSRF_COOKIE, ""), csrf_token):
            return _login_page(pages, request, next, error="csrf.lead", status_code=403)
        address = request.client.host if request.client else "unknown"
        wait = pages.throttle.wait_seconds(address)
        if wait > 0:
            minutes = max(1, round(wait / 60))
            error = ("login.throttled", {"minutes": minutes})
            return _login_page(pages, request, next, error=error, status_code=429)
        if not await anyio.to_thread.run_sync(_password_ok, pages, password):
            await anyio.sleep(pages.throttle.failed(address))
            return _login_page(pages, request, next, error="login.wrong", status_code=401)
        pages.throttle.succeeded(address)
        cookie, _ = await anyio.to_thread.run_sync(pages.sessions.start)
        response = RedirectResponse(local_path(next), status_code=303)
        set_cookie(request, response, COOKIE, cookie)
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
        return response

    @router.post("/logout")
    def logout(request: Request, session: checked) -> Response:
        pages.sessions.end(session)
        response = RedirectResponse("/login?msg=logged_out", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    @router.get("/password")
    def password_form(request: Request, session: signed_in) -> Response:
        return pages.renderer.page(
            request, "password.html", session=session, errors=[], min_length=MIN_LENGTH
        )

    @router.post("/password")
    async def change_password(
        request: Request,
        session: checked,
        current: Annotated[str, Form()] = "",
        new: Annotated[str, Form()] = "",
        confirm: Annotated[str, Form()] = "",
    ) -> Response:
        errors = []
        if not await anyio.to_thread.run_sync(_password_ok, pages, current):
            errors.append("password.wrong_current")
        if len(new) < MIN_LENGTH:
            errors.append("password.too_short")
        elif new != confirm:
            errors.append("password.mismatch")
        if errors:
            return pages.renderer.page(
                request,
                "password.html",
                session=session,
                errors=errors,
                min_length=MIN_LENGTH,
                status_code=422,
            )
        await anyio.to_thread.run_sync(_set_password, pages, new, session)
        return RedirectResponse("/?msg=password_changed", status_code=303)

    @router.get("/lang/{code}")
    def switch_language(request: Request, code: str, next: str = "/") -> Response:
        response = RedirectResponse(local_path(next), status_code=303)
        response.set_cookie(
            LANG_COOKIE,
            "en" if code == "en" else "ja",
            max_age=ONE_YEAR,
            path="/",
            secure=request.url.scheme == "https",
            httponly=True,
            samesite="lax",
        )
        return response

    return router


def _login_page(
    pages: Pages,
    request: Request,
    next: str,
    *,
    error: str | tuple[str, dict[str, int]] | None = None,
    status_code: int = 200,
) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    key, params = (error, {}) if isinstance(error, str) or error is None else error
    response = pages.renderer.page(
        request,
        "login.html",
        session=None,
        csrf=token,
        next=local_path(next),
        error=key,
        error_params=params,
        configured=bool(pages.admin_token) or _has_password(pages),
        status_code=status_code,
    )
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token)
    return response


def _has_password(pages: Pages) -> bool:
    with pages.relay.store.read() as conn:
        return admin.password_hash(conn) is not None


def _password_ok(pages: Pages, password: str) -> bool:
    with pages.relay.store.read() as conn:
        stored = admin.password_hash(conn)
    if stored is not None:
        return verify_password(password, stored)
    return is_admin_token(password, pages.admin_token)


def _set_password(pages: Pages, password: str, session: Session) -> None:
    hashed = hash_password(password)
    with pages.relay.store.write() as conn:
        admin.set_password_hash(conn, hashed, pages.now())
        admin.delete_other_sessions(conn, keep=session.id_hash)
