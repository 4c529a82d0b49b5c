"""kintone clients of integrations: the one way to make them, and a worker's set of them."""

import anyio
import httpx

from ticketrelay.crypto import Cipher
from ticketrelay.errors import ActionRequired
from ticketrelay.kintone.auth import ApiTokens
from ticketrelay.kintone.client import KintoneClient
from ticketrelay.kintone.errors import KintoneAccessError
from ticketrelay.model import Integration

TIMEOUT_SECONDS = 30.0
CONNECT_SECONDS = 10.0
TOKEN_CODE = "BAD_TOKEN"  # noqa: S105 - a pause code, not a secret
_UNUSABLE = (
    "保存されている kintone の API トークンを使えません。連携の設定でトークンを入力し直して"
    "ください。"
)


def client_for(
    integration: Integration,
    cipher: Cipher,
    *,
    transport: httpx.AsyncBaseTransport | None,
    timeout: float = TIMEOUT_SECONDS,
) -> KintoneClient:
    """A kintone client with an integration's settings and its decrypted API token.

    Stored credentials that cannot be used (a token that cannot travel in a header, or one
    the key cannot decrypt) raise KintoneAccessError with the code BAD_TOKEN, so that the
    integration pauses, or its check fails, as if kintone had refused them.
    """
    try:
        return KintoneClient(
            integration.base_url,
            ApiTokens(tokens=(cipher.decrypt(integration.api_token_encrypted),)),
            guest_space_id=integration.guest_space_id,
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=CONNECT_SECONDS),
        )
    except ActionRequired as exc:
        raise KintoneAccessError(f"{_UNUSABLE} / {exc}", code=TOKEN_CODE) from exc


class Clients:
    """A client per integration, kept while its settings stay the same; closed together."""

    def __init__(
        self,
        cipher: Cipher,
        *,
        transport: httpx.AsyncBaseTransport | None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.cipher = cipher
        self.transport = transport
        self.timeout = timeout
        self._made: dict[int, tuple[int, KintoneClient]] = {}

    async def of(self, integration: Integration) -> KintoneClient:
        """The client of an integration, made again (closing the old one) when it changed."""
        version, client = self._made.get(integration.id, (0, None))
        if client is not None and version == integration.version:
            return client
        if client is not None:
            del self._made[integration.id]
            await client.aclose()
        fresh = client_for(integration, self.cipher, transport=self.transport, timeout=self.timeout)
        self._made[integration.id] = (integration.version, fresh)
        return fresh

    async def aclose(self) -> None:
        """Close every client."""
        with anyio.CancelScope(shield=True):
            for _, client in self._made.values():
                await client.aclose()
        self._made.clear()
