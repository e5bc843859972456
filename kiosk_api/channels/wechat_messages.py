"""The XML of WeChat official-account pushes and passive replies (被动回复), read and written.

Inbound: <xml> with ToUserName, FromUserName (the citizen's openid), CreateTime, MsgType and,
per type, Content / MsgId / Event / Recognition; in safe mode an outer <xml> whose Encrypt
holds that document. Outbound: a text reply, or the encrypted envelope with Encrypt,
MsgSignature, TimeStamp and Nonce. WeChat never sends a DTD, so a document must start at <xml>.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

# Passive text replies are cut by WeChat beyond 2048 bytes.
MAX_REPLY_BYTES = 2048
_MAX_ID_CHARS = 128
_DIGITS = re.compile(r"^\d{1,20}$")
_PROLOG = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?<xml[\s>]")
# Characters XML 1.0 cannot carry at all, even inside CDATA.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TRUNCATED = "……"


class MalformedMessage(Exception):
    """The body is not a WeChat message; the text (Chinese) is safe to send back."""


@dataclass(frozen=True)
class InboundMessage:
    """One push from WeChat: a citizen's message or an event."""

    to_user: str  # the official account's original id (gh_…)
    from_user: str  # the citizen's openid: personal data, never logged
    create_time: str
    msg_type: str
    msg_id: str | None = None
    content: str | None = None
    event: str | None = None
    recognition: str | None = None  # speech recognised by WeChat, when the account enables it


def _root(body: bytes) -> ET.Element:
    # A DTD (and so any entity declaration) can only come before the root element.
    if not _PROLOG.match(body):
        raise MalformedMessage("请求格式有误")
    try:
        root = ET.fromstring(body)
    except (ET.ParseError, ValueError, LookupError) as exc:
        raise MalformedMessage("请求格式有误") from exc
    if root.tag != "xml":
        raise MalformedMessage("请求格式有误")
    return root


def _field(root: ET.Element, name: str) -> str | None:
    element = root.find(name)
    if element is None:
        return None
    return (element.text or "").strip()


def _required(root: ET.Element, name: str) -> str:
    value = _field(root, name)
    if not value or len(value) > _MAX_ID_CHARS:
        raise MalformedMessage(f"缺少 {name}")
    return value


def encrypted_part(body: bytes) -> str:
    """The Encrypt text of a safe-mode push."""
    return _required_text(_root(body), "Encrypt")


def _required_text(root: ET.Element, name: str) -> str:
    value = _field(root, name)
    if not value:
        raise MalformedMessage(f"缺少 {name}")
    return value


def parse_message(body: bytes) -> InboundMessage:
    """Read a plain push; MalformedMessage names what is missing."""
    root = _root(body)
    create_time = _required(root, "CreateTime")
    if not _DIGITS.match(create_time):
        raise MalformedMessage("CreateTime 格式有误")
    msg_id = _field(root, "MsgId") or None
    if msg_id is not None and not _DIGITS.match(msg_id):
        raise MalformedMessage("MsgId 格式有误")
    return InboundMessage(
        to_user=_required(root, "ToUserName"),
        from_user=_required(root, "FromUserName"),
        create_time=create_time,
        msg_type=_required(root, "MsgType").lower(),
        msg_id=msg_id,
        content=_field(root, "Content"),
        event=(_field(root, "Event") or "").lower() or None,
        recognition=_field(root, "Recognition") or None,
    )


def _cdata(text: str) -> str:
    # "]]>" would end the section early: split it across two sections.
    return "<![CDATA[" + _NOT_XML.sub("", text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def fit_reply(text: str, max_bytes: int = MAX_REPLY_BYTES) -> str:
    """The text cut at a line (or character) boundary to fit WeChat's reply limit, marked ……."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    budget = max_bytes - len(_TRUNCATED.encode("utf-8"))
    cut = text.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
    if "\n" in cut:
        cut = cut[: cut.rindex("\n")]
    return cut.rstrip() + _TRUNCATED


def text_reply(message: InboundMessage, text: str, now: int) -> bytes:
    """A passive text reply to this message: addressed back to its sender."""
    return (
        "<xml>"
        f"<ToUserName>{_cdata(message.from_user)}</ToUserName>"
        f"<FromUserName>{_cdata(message.to_user)}</FromUserName>"
        f"<CreateTime>{now}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{_cdata(fit_reply(text))}</Content>"
        "</xml>"
    ).encode()


def encrypted_reply(encrypt: str, msg_signature: str, timestamp: str, nonce: str) -> bytes:
    """The safe-mode envelope around an encrypted reply."""
    return (
        "<xml>"
        f"<Encrypt>{_cdata(encrypt)}</Encrypt>"
        f"<MsgSignature>{_cdata(msg_signature)}</MsgSignature>"
        f"<TimeStamp>{timestamp}</TimeStamp>"
        f"<Nonce>{_cdata(nonce)}</Nonce>"
        "</xml>"
    ).encode()
