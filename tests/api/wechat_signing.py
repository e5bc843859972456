"""WeChat's side of the webhook in tests: its signatures and safe-mode ciphertext.

Written from WeChat's documentation (消息加解密), with hashlib and the raw AES primitive, so a
mistake shared with kiosk_api/channels/wechat_crypto.py cannot make both sides agree.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
import time
import uuid
from urllib.parse import urlencode

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

TOKEN = "test-wechat-token"
APP_ID = "wx1234567890abcdef"
APP_SECRET = "test-wechat-app-secret"
# 43 characters of base64, as the WeChat console generates them.
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
ACCOUNT = "gh_0123456789ab"


def sha1_signature(*parts: str, token: str = TOKEN) -> str:
    """SHA-1 of the token and the parts, sorted and joined, as WeChat signs."""
    return hashlib.sha1("".join(sorted([token, *parts])).encode()).hexdigest()


def signed_query(
    *, token: str = TOKEN, timestamp: str | None = None, **extra: str
) -> dict[str, str]:
    """The query WeChat adds to every push: signature, timestamp, nonce, openid."""
    timestamp = timestamp or str(int(time.time()))
    nonce = str(uuid.uuid4().int % 10**9)
    return {
        "signature": sha1_signature(timestamp, nonce, token=token),
        "timestamp": timestamp,
        "nonce": nonce,
        "openid": OPENID,
        **extra,
    }


def text_xml(content: str, *, msg_id: str | None = None, from_user: str = OPENID) -> bytes:
    """A text message as WeChat pushes it (CDATA; `]]>` in the text split as XML requires)."""
    msg_id = msg_id or str(uuid.uuid4().int % 10**19)
    safe = content.replace("]]>", "]]]]><![CDATA[>")
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{from_user}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{safe}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    ).encode("utf-8", "surrogatepass")


def encrypt(message: bytes, *, app_id: str = APP_ID) -> str:
    """Safe-mode ciphertext: AES-256-CBC of random(16) + len + message + appid, PKCS#7 to 32."""
    key = base64.b64decode(AES_KEY + "=")
    plain = os.urandom(16) + struct.pack(">I", len(message)) + message + app_id.encode()
    pad = 32 - len(plain) % 32
    plain += bytes([pad]) * pad
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def encrypted_push(message: bytes, *, timestamp: str | None = None) -> tuple[str, bytes]:
    """The URL and body of a safe-mode push of `message`, signed over the ciphertext."""
    encrypted = encrypt(message)
    query = signed_query(encrypt_type="aes", timestamp=timestamp)
    query["msg_signature"] = sha1_signature(query["timestamp"], query["nonce"], encrypted)
    body = (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    )
    return f"/wechat?{urlencode(query)}", body.encode()
