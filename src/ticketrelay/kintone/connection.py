"""One kintone domain over httpx: paths, credentials, timeouts, and errors turned into ours."""

import json
from collections.abc import Mapping
from typing import Any, TypedDict, Unpack

import httpx

from ticketrelay.kintone.auth import Auth, Basic, auth_headers
from ticketrelay.kintone.errors import KintoneError, advice, error_class

JsonObject = dict[str, Any]
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
_MAX_GET_URL = 4096
_SNIPPET = 200


class Options(TypedDict, total=False):
    """How to reach a kintone domain, besides its URL and credentials; each may be left out."""

    guest_space_id: int | None  # the apps of a guest space answer under /k/guest/{id}/
    basic: Basic | None  # the Basic authentication some domains put in front of kintone
    transport: httpx.AsyncBaseTransport | None  # the network unless given
    timeout: httpx.Timeout | float  # DEFAULT_TIMEOUT unless given
    language: str  # of kintone's messages: "ja" unless given


class Connection:
    """Sends kintone API calls for one base URL and one set of credentials."""

    def __init__(self, base_url: str, auth: Auth, **options: Unpack[Options]) -> None:
        self.base_url = base_url.rstrip("/")
        self.guest_space_id = options.get("guest_space_id")
        language = options.get("language", "ja")
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=options.get("transport"),
            timeout=options.get("timeout", DEFAULT_TIMEOUT),
            headers={"Accept-Language": language, **auth_headers(auth, options.get("basic"))},
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"<Connection {self.base_url} guest_space={self.guest_space_id}>"

    async def aclose(self) -> None:
        """Close the connections of this client."""
        await self._http.aclose()

    def path(self, api: str, *, preview: bool = False) -> str:
        """The URL path of an API such as `records`, with guest space and preview parts."""
        guest = f"/guest/{self.guest_space_id}" if self.guest_space_id is not None else ""
        return f"/k{guest}/v1{'/preview' if preview else ''}/{api}.json"

    async def get(
        self, api: str, params: Mapping[str, Any], *, preview: bool = False
    ) -> JsonObject:
        """Call a read API, moving long parameters into a body as kintone allows."""
        path = self.path(api, preview=preview)
        query = _flatten(params)
        if len(path) + len(str(query)) <= _MAX_GET_URL:
            return await self._send("GET", path, params=query)
        return await self._send(
            "POST", path, body=dict(params), headers={"X-HTTP-Method-Override": "GET"}
        )

    async def call(
        self, method: str, api: str, body: Mapping[str, Any], *, preview: bool = False
    ) -> JsonObject:
        """Call a write API with a JSON body."""
        return await self._send(method, self.path(api, preview=preview), body=dict(body))

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: httpx.QueryParams | None = None,
        body: JsonObject | None = None,
        headers: dict[str, str] | None = None,
    ) -> JsonObject:
        content = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        sent = dict(headers or {})
        if content is not None:
            sent["Content-Type"] = "application/json"
        try:
            response = await self._http.request(
                method, path, params=params, content=content, headers=sent
            )
        except httpx.HTTPError as exc:
            raise _network_error(method, path, exc) from exc
        return _answer(method, path, response)


def _flatten(params: Mapping[str, Any]) -> httpx.QueryParams:
    """Render parameters the way kintone reads a query string (`fields[0]=...`)."""
    pairs: list[tuple[str, str | int | float | bool | None]] = []
    for key, value in params.items():
        if isinstance(value, list | tuple):
            pairs.extend((f"{key}[{i}]", _scalar(v)) for i, v in enumerate(value))
        elif value is not None:
            pairs.append((key, _scalar(value)))
    return httpx.QueryParams(pairs)


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _network_error(method: str, path: str, exc: httpx.HTTPError) -> KintoneError:
    cls = error_class(None, "")
    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "failed"
    return cls(
        f"kintone {method} {path} {kind} before an answer ({type(exc).__name__}); {advice(cls)}"
    )


def _answer(method: str, path: str, response: httpx.Response) -> JsonObject:
    body = _json(response)
    if response.is_success and body is not None:
        return body
    if response.is_success:
        raise error_class(None, "")(
            f"kintone {method} {path} answered {response.status_code} without a JSON body; "
            "ticketrelay retries it later."
        )
    raise _refusal(method, path, response, body or {})


def _refusal(method: str, path: str, response: httpx.Response, body: JsonObject) -> KintoneError:
    status = response.status_code
    body, bulk_index = _failed_part(body)
    code = str(body.get("code", ""))
    cls = error_class(status, code)
    text = str(body.get("message", "")) if body else response.text[:_SNIPPET].strip()
    error_id = str(body.get("id", ""))
    label = f"{status} {code}".strip()
    where = "" if bulk_index is None else f" at sub-request {bulk_index}"
    return cls(
        f"kintone {method} {path} answered {label}{where}: {text}"
        + (f" (id {error_id})" if error_id else "")
        + f"; {advice(cls)}",
        status=status,
        code=code,
        error_id=error_id,
        kintone_message=text,
        errors=body.get("errors") if isinstance(body.get("errors"), dict) else None,
        bulk_index=bulk_index,
    )


def _failed_part(body: JsonObject) -> tuple[JsonObject, int | None]:
    """A bulkRequest's error sits at the failing index of `results`, with `{}` elsewhere."""
    results = body.get("results")
    if not isinstance(results, list):
        return body, None
    for index, result in enumerate(results):
        if isinstance(result, dict) and result:
            return result, index
    return body, None


def _json(response: httpx.Response) -> JsonObject | None:
    if "json" not in response.headers.get("content-type", ""):
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None
