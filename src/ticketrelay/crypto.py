"""Secrets at rest: kintone API tokens encrypted with Fernet, source tokens kept as hashes."""

import base64
import hashlib
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from ticketrelay.config import Settings
from ticketrelay.errors import ConfigError
from ticketrelay.secret import Secret

SOURCE_TOKEN_PREFIX = "trs_"  # noqa: S105 - a prefix, not a secret


class Cipher:
    """Encrypts and decrypts secrets with one key."""

    def __init__(self, key: Secret) -> None:
        self._fernet = Fernet(_fernet_key(key.reveal()))

    def __repr__(self) -> str:
        return "<Cipher>"

    def encrypt(self, secret: Secret) -> str:
        """Encrypt a secret into text that is safe to store."""
        return self._fernet.encrypt(secret.reveal().encode()).decode("ascii")

    def decrypt(self, stored: str) -> Secret:
        """Decrypt text made by `encrypt`."""
        try:
            return Secret(self._fernet.decrypt(stored.encode("ascii")).decode())
        except (InvalidToken, ValueError) as exc:
            raise ConfigError(
                "A stored kintone API token cannot be decrypted: TICKETRELAY_SECRET_KEY or the "
                "key file changed since it was saved. Restore the key, or enter the token again."
            ) from exc


def load_cipher(settings: Settings) -> Cipher:
    """The cipher of TICKETRELAY_SECRET_KEY, or of a key file created on first use."""
    if settings.secret_key is not None:
        return Cipher(settings.secret_key)
    return Cipher(_key_file(settings.key_file))


def _key_file(path: Path) -> Secret:
    if not path.exists():
        _new_key_file(path)
    try:
        key = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise ConfigError(f"Cannot read the key file {path}: {exc.strerror}.") from exc
    if not key:
        raise ConfigError(f"The key file {path} is empty: restore it from a backup.")
    return Secret(key)


def _new_key_file(path: Path) -> None:
    """Write a new key, readable by its owner only, and put it in place whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(Fernet.generate_key().decode("ascii"))
    try:
        os.link(draft, path)  # never replaces: a key another process made first wins
    except FileExistsError:
        pass
    finally:
        draft.unlink()


def _fernet_key(text: str) -> bytes:
    """A Fernet key as given, or one derived from any other passphrase."""
    try:
        if len(base64.urlsafe_b64decode(text.encode("ascii"))) == 32:
            return text.encode("ascii")
    except (ValueError, UnicodeEncodeError):
        pass
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest())


def new_source_token() -> Secret:
    """A new random bearer token for a source."""
    return Secret(SOURCE_TOKEN_PREFIX + secrets.token_urlsafe(32))


def hash_token(token: str) -> str:
    """The stored form of a bearer token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()
