"""WeChat server signatures and the AES "safe mode" (安全模式) of official-account messages.

Signatures: SHA-1 of the sorted, concatenated [token, timestamp, nonce] (plus the Encrypt
text for msg_signature), hex. Safe mode: AES-256-CBC, key = base64 of EncodingAESKey + "=",
IV = the key's first 16 bytes, PKCS#7 padding to 32-byte blocks, and a plaintext of
16 random bytes + 4-byte big-endian length + message + appid, base64 on the wire.
Pure functions and one small class; nothing here knows Flask.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

ENCODING_AES_KEY_CHARS = 43
_BLOCK_BITS = 256  # WeChat pads to the 32-byte key size, not AES's 16-byte block
_RANDOM_BYTES = 16
_LENGTH_BYTES = 4


class CryptoError(Exception):
    """A ciphertext that does not decrypt to a message for this app (never says why in detail)."""


def signature(token: str, *parts: str) -> str:
    """SHA-1 hex of the token and parts, sorted and concatenated, as WeChat signs requests."""
    return hashlib.sha1("".join(sorted((token, *parts))).encode("utf-8")).hexdigest()


def signature_matches(given: str, token: str, *parts: str) -> bool:
    """Whether `given` is the signature of these parts; False whenever the token is empty."""
    if not token or not given:
        return False
    return hmac.compare_digest(given.strip().lower().encode(), signature(token, *parts).encode())


class MessageCipher:
    """Encrypts replies and decrypts messages of one official account (EncodingAESKey + appid)."""

    def __init__(self, encoding_aes_key: str, app_id: str) -> None:
        if len(encoding_aes_key) != ENCODING_AES_KEY_CHARS:
            raise ValueError("WECHAT_ENCODING_AES_KEY must be 43 characters")
        if not app_id:
            raise ValueError("safe mode needs WECHAT_APP_ID")
        try:
            key = base64.b64decode(encoding_aes_key + "=", validate=True)
        except binascii.Error as exc:
            raise ValueError("WECHAT_ENCODING_AES_KEY is not base64") from exc
        self._key = key
        self._app_id = app_id.encode("utf-8")

    def _cipher(self) -> Cipher[modes.CBC]:
        return Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16]))

    def encrypt(self, message: bytes, random_prefix: bytes | None = None) -> str:
        """The base64 Encrypt text of a message (random_prefix only for reproducible tests)."""
        prefix = os.urandom(_RANDOM_BYTES) if random_prefix is None else random_prefix
        if len(prefix) != _RANDOM_BYTES:
            raise ValueError("random prefix must be 16 bytes")
        plain = prefix + struct.pack(">I", len(message)) + message + self._app_id
        padder = padding.PKCS7(_BLOCK_BITS).padder()
        padded = padder.update(plain) + padder.finalize()
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode("ascii")

    def decrypt(self, encrypted: str) -> bytes:
        """The message inside an Encrypt text; CryptoError unless it is well-formed and ours."""
        try:
            data = base64.b64decode(encrypted.strip(), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise CryptoError("not base64") from exc
        if not data or len(data) % (_BLOCK_BITS // 8):
            raise CryptoError("bad length")
        decryptor = self._cipher().decryptor()
        padded = decryptor.update(data) + decryptor.finalize()
        unpadder = padding.PKCS7(_BLOCK_BITS).unpadder()
        try:
            plain = unpadder.update(padded) + unpadder.finalize()
        except ValueError as exc:
            raise CryptoError("bad padding") from exc
        header = _RANDOM_BYTES + _LENGTH_BYTES
        if len(plain) < header:
            raise CryptoError("too short")
        (length,) = struct.unpack(">I", plain[_RANDOM_BYTES:header])
        message, app_id = plain[header : header + length], plain[header + length :]
        if len(message) != length or not hmac.compare_digest(app_id, self._app_id):
            raise CryptoError("not for this app")
        return message
