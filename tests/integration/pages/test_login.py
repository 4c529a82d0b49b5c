"""Logging in: sessions, their cookie, CSRF on every form, the password, the brake."""

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from tests.integration.pages.conftest import (
    ADMIN_TOKEN,
    START,
    Clock,
    browser,
    csrf,
    csrf_of,
    log_in,
)
from ticketrelay.config import Settings
from ticketrelay.relay import Relay
from ticketrelay.web.pages import install
from ticketrelay.web.pages.sessions import COOKIE, IDLE, LIFETIME

pytestmark = pytest.mark.anyio

PAGES = ["/", "/integrations/new", "/integrations/1", "/integrations/1/errors", "/sources"]
PAGES += ["/password", "/integrations/1/errors.csv", "/integrations/1/errors/1"]
FORMS = ["/logout", "/password", "/sources", "/sources/1/revoke", "/integrations/new"]
FORMS += ["/integrations/connect", "/integrations/test-record", "/integrations/1/errors/resend"]


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_but_login_needs_a_session(client: httpx.AsyncClient, path: str) -> None:
    """Without a session, a page sends the visitor to the login page and back."""
    answer = await client.get(path)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login")


async def test_htmx_requests_without_a_session_are_sent_to_login(
    client: httpx.AsyncClient,
) -> None:
    """htmx is told to load the login page instead of swapping a part."""
    headers = {"HX-Request": "true", "HX-Current-URL": "http://pages.test/integrations/new"}
    answer = await client.post("/integrations/connect", headers=headers)
    assert answer.headers["HX-Redirect"] == "/login?next=%2Fintegrations%2Fnew"


async def test_login_page_needs_no_session(client: httpx.AsyncClient) -> None:
    """The login page is in Japanese and names the first password."""
    answer = await client.get("/login")
    assert answer.status_code == 200
    assert "TICKETRELAY_ADMIN_TOKEN" in answer.text
    assert '<html lang="ja">' in answer.text


async def test_the_first_password_is_the_admin_token(client: httpx.AsyncClient) -> None:
    """The admin token logs in, and the session cookie opens the pages."""
    assert await log_in(client, ADMIN_TOKEN) == 303
    assert (await client.get("/")).status_code == 200


async def test_a_wrong_password_is_refused(client: httpx.AsyncClient) -> None:
    """A wrong password answers 401 with the reason, and no session."""
    assert await log_in(client, "nope") == 401
    assert COOKIE not in client.cookies
    assert "パスワードが違います" in (await _login_with(client, "nope")).text


async def test_the_session_cookie_is_httponly_and_lax_but_not_secure_over_http(
    client: httpx.AsyncClient,
) -> None:
    """Over plain http a Secure cookie would never come back, so it is left off."""
    cookie = _set_cookie(await _login_with(client, ADMIN_TOKEN), COOKIE)
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "; secure" not in cookie


async def test_the_session_cookie_is_secure_over_https(app: FastAPI) -> None:
    """Served over https, the session cookie is Secure too."""
    async with browser(app, "https://pages.test") as client:
        cookie = _set_cookie(await _login_with(client, ADMIN_TOKEN), COOKIE)
    assert "; secure" in cookie


async def test_the_login_form_needs_its_csrf_token(client: httpx.AsyncClient) -> None:
    """A login posted from elsewhere, without the form's token, is refused."""
    await client.get("/login")
    answer = await client.post("/login", data={"password": ADMIN_TOKEN, "csrf_token": "forged"})
    assert answer.status_code == 403


@pytest.mark.parametrize("path", FORMS)
async def test_every_form_needs_the_sessions_csrf_token(
    admin: httpx.AsyncClient, path: str
) -> None:
    """A logged-in POST without the session's CSRF token is refused with 403."""
    answer = await admin.post(path, data={"name": "x", "account": "y", "csrf_token": "forged"})
    assert answer.status_code == 403
    assert "フォームを送信できませんでした" in answer.text


async def test_htmx_sends_the_csrf_token_in_a_header(admin: httpx.AsyncClient) -> None:
    """The header htmx adds is as good as the hidden field."""
    headers = {"X-CSRF-Token": await csrf(admin)}
    answer = await admin.post("/sources", data={"name": "desk", "account": "a"}, headers=headers)
    assert answer.status_code == 200


async def test_logout_ends_the_session(admin: httpx.AsyncClient) -> None:
    """After logging out, the old cookie opens nothing."""
    cookie = admin.cookies[COOKIE]
    answer = await admin.post("/logout", data={"csrf_token": await csrf(admin)})
    assert answer.headers["location"] == "/login?msg=logged_out"
    admin.cookies.set(COOKIE, cookie)
    assert (await admin.get("/")).status_code == 303


async def test_sessions_expire_when_idle(admin: httpx.AsyncClient, clock: Clock) -> None:
    """A session unused for longer than IDLE needs a new login."""
    clock.advance(IDLE + timedelta(seconds=1))
    assert (await admin.get("/")).headers["location"] == "/login"


async def test_sessions_end_after_their_lifetime_even_when_used(
    admin: httpx.AsyncClient, clock: Clock
) -> None:
    """Use moves the expiry on, but never past LIFETIME after login."""
    step = IDLE - timedelta(minutes=1)
    while clock.now + step - START < LIFETIME:
        clock.advance(step)
        assert (await admin.get("/")).status_code == 200
    clock.advance(step)
    assert (await admin.get("/")).status_code == 303


async def test_changing_the_password(admin: httpx.AsyncClient, app: FastAPI) -> None:
    """The new password logs in, the admin token no longer does, other sessions end."""
    async with browser(app) as other:
        assert await log_in(other, ADMIN_TOKEN) == 303
        form = {"current": ADMIN_TOKEN, "new": "a new password", "confirm": "a new password"}
        token = await csrf(admin, "/password")
        answer = await admin.post("/password", data={**form, "csrf_token": token})
        assert answer.headers["location"] == "/?msg=password_changed"
        assert "パスワードを変更しました" in (await admin.get("/?msg=password_changed")).text
        assert (await other.get("/")).status_code == 303
    async with browser(app) as fresh:
        assert await log_in(fresh, ADMIN_TOKEN) == 401
        assert await log_in(fresh, "a new password") == 303


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("wrong", "long enough 1", "long enough 1", "現在のパスワードが違います"),
        (ADMIN_TOKEN, "short", "short", "10文字以上"),
        (ADMIN_TOKEN, "long enough 1", "long enough 2", "一致しません"),
    ],
)
async def test_a_refused_password_change_says_why(
    admin: httpx.AsyncClient, current: str, new: str, confirm: str, message: str
) -> None:
    """The current password must be right, the new one long enough and typed twice."""
    token = await csrf(admin, "/password")
    form = {"current": current, "new": new, "confirm": confirm, "csrf_token": token}
    answer = await admin.post("/password", data=form)
    assert answer.status_code == 422
    assert message in answer.text


async def test_failed_logins_are_braked(client: httpx.AsyncClient) -> None:
    """After five failures from one address, its attempts are refused for 15 minutes."""
    for _ in range(5):
        assert await log_in(client, "guess") == 401
    answer = await _login_with(client, "guess")
    assert answer.status_code == 429
    assert "この接続元からのログインをしばらく受け付けません。15分ほど後に" in answer.text
    assert "TICKETRELAY_ADMIN_TOKEN の値を入力すると、今すぐログインできます" in answer.text


async def test_a_braked_address_is_refused_even_the_right_password(
    admin: httpx.AsyncClient, app: FastAPI
) -> None:
    """While braked, a password is not even checked; the admin token gets in, the brake stays."""
    form = {"current": ADMIN_TOKEN, "new": "a new password", "confirm": "a new password"}
    await admin.post("/password", data={**form, "csrf_token": await csrf(admin, "/password")})
    async with browser(app) as other:
        for _ in range(5):
            assert await log_in(other, "guess") == 401
        assert await log_in(other, "a new password") == 429
        assert await log_in(other, ADMIN_TOKEN) == 303
        assert (await other.get("/")).status_code == 200
    async with browser(app) as guesser:
        assert await log_in(guesser, "a new password") == 429


async def test_the_braked_page_says_how_to_get_in_in_english(client: httpx.AsyncClient) -> None:
    """The refusal names the wait and the admin token in English too."""
    await client.get("/lang/en")
    for _ in range(6):
        answer = await _login_with(client, "guess")
    assert answer.status_code == 429
    assert "Too many failed logins from this address." in answer.text
    assert "enter the value of the server&#39;s TICKETRELAY_ADMIN_TOKEN" in answer.text


async def test_the_login_goes_back_to_the_page_asked_for(client: httpx.AsyncClient) -> None:
    """The page that needed a login comes back after it, but never another site."""
    assert (await client.get("/sources")).headers["location"] == "/login?next=%2Fsources"
    answer = await _login_with(client, ADMIN_TOKEN, next="/sources")
    assert answer.headers["location"] == "/sources"
    assert (await client.get("/login?next=//evil.example")).headers["location"] == "/"


async def test_english_is_one_click_away(admin: httpx.AsyncClient) -> None:
    """The language switch keeps the page and remembers the choice in a cookie."""
    answer = await admin.get("/lang/en?next=/sources")
    assert answer.headers["location"] == "/sources"
    page = await admin.get("/sources")
    assert '<html lang="en">' in page.text
    assert "Sources" in page.text


async def test_no_password_configured_says_what_to_do(relay: Relay) -> None:
    """Without TICKETRELAY_ADMIN_TOKEN nobody can log in, and the page says how to fix it."""
    app = FastAPI()
    install(app, relay, Settings(database_url="sqlite://"))
    async with browser(app) as client:
        assert "TICKETRELAY_ADMIN_TOKEN を設定して" in (await client.get("/login")).text
        assert await log_in(client, "") == 401


async def _login_with(client: httpx.AsyncClient, password: str, **extra: str) -> httpx.Response:
    form = await client.get("/login")
    data = {"password": password, "csrf_token": csrf_of(form.text), **extra}
    return await client.post("/login", data=data)


def _set_cookie(answer: httpx.Response, name: str) -> str:
    return next(
        h for h in answer.headers.get_list("set-cookie") if h.startswith(f"{name}=")
    ).lower()
