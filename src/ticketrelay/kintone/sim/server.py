"""The ASGI application: kintone's API paths, the concurrency limit, faults and `/_sim/`.

Each kintone request runs this pipeline, top to bottom:
    concurrency slot (429 GAIA_TO04 over the limit) → parameters (CB_IJ01) → faults drawn
    (latency with the share of the records written, then an error answer instead of the real
    one) → authentication → daily cap → counters → the handler inside a transaction (rolled
    back on any error, journaled on success) → the share of the records a GET read → the
    answer, or for a "drop" fault the headers without the body.
"""

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from ticketrelay.kintone.sim.admin import Admin
from ticketrelay.kintone.sim.auth import authenticate
from ticketrelay.kintone.sim.call import Call
from ticketrelay.kintone.sim.faults import Fault, Strike
from ticketrelay.kintone.sim.messages import CATALOGUE, SimError, request_id
from ticketrelay.kintone.sim.request import KINTONE_PATH, Incoming
from ticketrelay.kintone.sim.routes import ROUTES, touched_apps
from ticketrelay.kintone.sim.settings import Language
from ticketrelay.kintone.sim.state import SimState
from ticketrelay.kintone.sim.store import Txn
from ticketrelay.kintone.sim.volume import records_read, records_written

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
JSON_TYPE = b"application/json; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    """An HTTP answer; `drop` sends the headers and closes without the body."""

    status: int
    body: bytes
    content_type: bytes = JSON_TYPE
    headers: tuple[tuple[bytes, bytes], ...] = ()
    drop: bool = False


def to_json(payload: object) -> bytes:
    """Compact UTF-8 JSON."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def error_answer(error: SimError, lang: Language) -> Answer:
    """kintone's JSON error body with the error's status and headers."""
    headers = tuple((k.encode(), v.encode()) for k, v in error.headers.items())
    return Answer(error.status, to_json(error.body(lang)), headers=headers)


def throttled() -> SimError:
    """429 GAIA_TO04 with the X-Cybozu-Error header (§5)."""
    return SimError(429, "GAIA_TO04", headers={"X-Cybozu-Error": "GAIA_TO04"})


class KintoneSim:
    """The simulator as an ASGI application over one `SimState`."""

    def __init__(self, state: SimState) -> None:
        self.state = state
        self.admin = Admin(state)
        self.running = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one ASGI connection scope."""
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        incoming = Incoming.from_scope(scope, await _body(receive))
        if incoming.path.startswith("/_sim/"):
            status, payload = self.admin.handle(incoming)
            await _send(send, Answer(status, to_json(payload)))
            return
        self.running += 1
        try:
            answer = await self._kintone(incoming)
            limits = (
                (b"x-concurrencylimit-limit", str(self.state.settings.concurrency_limit).encode()),
                (b"x-concurrencylimit-running", str(self.running).encode()),
            )
            await _send(send, answer, limits)
        finally:
            self.running -= 1

    async def _kintone(self, incoming: Incoming) -> Answer:
        lang = incoming.language(self.state.settings.default_language)
        try:
            if self.running > self.state.settings.concurrency_limit:
                raise throttled()
            return await self._answer(incoming, lang)
        except SimError as error:
            return error_answer(error, lang)

    async def _answer(self, incoming: Incoming, lang: Language) -> Answer:
        match = KINTONE_PATH.fullmatch(incoming.path)
        method = incoming.effective_method
        handler = ROUTES.get((match.group(2), method)) if match else None
        if match is None or handler is None:
            raise SimError(404, "CB_NF01")
        resource = match.group(2)
        guest = int(match.group(1)) if match.group(1) else None
        api = f"/k/v1/{resource}.json"
        params, bad_params = _params(incoming)
        strike = await self._strike(api, resource, method, params)
        if strike.fault is not None and strike.fault.kind != "drop":
            return fault_answer(strike.fault, lang)
        with self.state.lock:
            now = self.state.clock()
            caller = authenticate(incoming.headers, self.state.settings, self.state.tokens)
            if bad_params is not None:
                raise bad_params
            counted = touched_apps(
                resource, params, sub_requests=self.state.settings.count_bulk_subrequests
            )
            self._count(api, method, counted, now.astimezone(UTC).strftime("%Y-%m-%d"))
            txn = Txn()
            try:
                payload = handler(Call(self.state, caller, guest, params, now, txn))
            except BaseException:
                txn.rollback()
                raise
            self.state.commit(txn)
        await _pause(strike.per_record_ms * records_read(method, payload))
        return Answer(200, to_json(payload), drop=strike.fault is not None)

    async def _strike(self, api: str, resource: str, method: str, params: dict[str, Any]) -> Strike:
        """Draw a request's faults, then wait its latency and its written records' share."""
        with self.state.lock:
            strike = self.state.faults.strike(
                api, method, touched_apps(resource, params, sub_requests=True)
            )
        written = records_written(resource, method, params)
        await _pause(strike.latency_ms + strike.per_record_ms * written)
        return strike

    def _count(self, api: str, method: str, apps: list[int], day: str) -> None:
        settings = self.state.settings
        cap = settings.daily_request_cap
        for app in apps:
            if cap is not None and self.state.stats.app_today(app, day) >= cap:
                raise SimError(settings.daily_cap_status, settings.daily_cap_code, app)
        self.state.stats.count(api, method, apps, day)


def fault_answer(fault: Fault, lang: Language) -> Answer:
    """The answer an injected fault gives instead of the real one."""
    if fault.kind == "unavailable":
        return Answer(503, fault.body.encode(), content_type=b"text/plain; charset=utf-8")
    if fault.kind == "throttle":
        return error_answer(throttled(), lang)
    if fault.kind == "db_lock":
        return error_answer(SimError(400, "GAIA_DA02"), lang)
    ja, en = CATALOGUE["SIM_FAULT"]
    text = fault.message or (ja if lang == "ja" else en)
    body = {"code": fault.code, "id": request_id(), "message": text}
    return Answer(fault.status, to_json(body))


async def _pause(ms: float) -> None:
    if ms > 0:
        await asyncio.sleep(ms / 1000)


def _params(incoming: Incoming) -> tuple[dict[str, Any], SimError | None]:
    try:
        return incoming.params(), None
    except SimError as error:
        return {}, error


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send(send: Send, answer: Answer, extra: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    headers = [
        (b"content-type", answer.content_type),
        (b"content-length", str(len(answer.body)).encode()),
        *answer.headers,
        *extra,
    ]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    if not answer.drop:
        await send({"type": "http.response.body", "body": answer.body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
