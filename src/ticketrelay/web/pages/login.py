"""Logging in and out, changing the password, and switching the language."""

import math
import secrets
from typing import Annotated

import anyio
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ticketrelay.web.pages.guards import Checked, Pages, PagesDep, RendererDep, SignedIn
from ticketrelay.web.pages.passwords import MIN_LENGTH, Passwords
from ticketrelay.web.pages.render import LANG_COOKIE, local_path
from ticketrelay.web.pages.sessions import COOKIE, LOGIN_CSRF_COOKIE, csrf_ok, set_cookie

router = APIRouter()
ONE_YEAR = 365 * 24 * 3600
Error = str | tuple[str, dict[str, int]] | None


@router.get("/login")
def login_form(request: Request, pages: PagesDep, next: str = "/") -> Response:
    """The login form; a visitor already signed in goes on to `next`."""
    if pages.sessions.find(request.cookies.get(COOKIE)):
        return RedirectResponse(local_path(next), status_code=303)
    return _login_page(pages, request, next)


@router.post("/login")
async def login(
    request: Request,
    pages: PagesDep,
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Start a session for the right password, braking an address that keeps guessing.

    A braked address is refused without its password being checked, unless it is the admin
    token: one guesser behind a shared proxy address must not lock every administrator out.
    """
    if not csrf_ok(request.cookies.get(LOGIN_CSRF_COOKIE, ""), csrf_token):
        return _login_page(pages, request, next, error="csrf.lead", status_code=403)
    address = request.client.host if request.client else "unknown"
    wait = pages.throttle.admit(address)
    if wait > 0:
        # Only the admin token is looked at, and it leaves the brake on for the guesser.
        if not pages.passwords.is_admin_token(password):
            error = ("login.throttled", {"minutes": math.ceil(wait / 60)})
            return _login_page(pages, request, next, error=error, status_code=429)
    elif await anyio.to_thread.run_sync(pages.passwords.check, password):
        pages.throttle.succeeded(address)
    else:
        await anyio.sleep(pages.throttle.failed(address))
        return _login_page(pages, request, next, error="login.wrong", status_code=401)
    return await _signed_in(request, pages, next)


async def _signed_in(request: Request, pages: Pages, next: str) -> Response:
    """A new session's cookie, and on to `next`."""
    cookie, _ = await anyio.to_thread.run_sync(pages.sessions.start)
    response = RedirectResponse(local_path(next), status_code=303)
    set_cookie(request, response, COOKIE, cookie)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(session: Checked, pages: PagesDep) -> Response:
    """End the session."""
    pages.sessions.end(session)
    response = RedirectResponse("/login?msg=logged_out", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/password")
def password_form(request: Request, session: SignedIn, renderer: RendererDep) -> Response:
    """The form that changes the password."""
    return renderer.page(
        request, "password.html", session=session, errors=[], min_length=MIN_LENGTH
    )


@router.post("/password")
async def change_password(
    request: Request,
    session: Checked,
    pages: PagesDep,
    current: Annotated[str, Form()] = "",
    new: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Change the password, which ends every other session."""
    errors = await _password_errors(pages.passwords, current, new, confirm)
    if errors:
        return pages.renderer.page(
            request,
            "password.html",
            session=session,
            errors=errors,
            min_length=MIN_LENGTH,
            status_code=422,
        )
    await anyio.to_thread.run_sync(pages.passwords.change, new, session)
    return RedirectResponse("/?msg=password_changed", status_code=303)


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str = "/") -> Response:
    """Remember the language for a year and go back to `next`."""
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


async def _password_errors(passwords: Passwords, current: str, new: str, confirm: str) -> list[str]:
    """What is wrong with a password change: the current password, then the new one."""
    errors = []
    if not await anyio.to_thread.run_sync(passwords.check, current):
        errors.append("password.wrong_current")
    if len(new) < MIN_LENGTH:
        errors.append("password.too_short")
    elif new != confirm:
        errors.append("password.mismatch")
    return errors


def _login_page(
    pages: Pages, request: Request, next: str, *, error: Error = None, status_code: int = 200
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
        configured=pages.passwords.configured(),
        way_in=key == "login.throttled" and bool(pages.passwords.admin_token),
        status_code=status_code,
    )
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token)
    return response
