"""Twilio voice webhooks: the Mandarin hotline (/twilio/voice and its follow-up requests).

The caller speaks (Mandarin speech recognition) or presses a key; what they say goes to the
assistant through the chat gateway and the answer is read back. Every answer ends by listening
again (<Gather>), going back to the menu (<Redirect>), transferring to staff (<Dial>) or saying
goodbye before <Hangup>, so no call is left in silence. Every request is signature-checked
first, and nothing here logs a phone number or what the caller said.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request, url_for
from twilio.twiml.voice_response import Gather, VoiceResponse

from kiosk_api import runtime
from kiosk_api.channels.spoken_text import sentence_chunks, speakable, truncate
from kiosk_api.channels.twilio_common import (
    incoming_text,
    plain,
    refused,
    register_refusals,
    signature_is_valid,
)
from kiosk_api.config import Settings
from kiosk_api.errors import log_failure
from kiosk_api.services.chat import Channel, ChatReply, conversation_id_for, converse

log = logging.getLogger(__name__)

bp = Blueprint("twilio_voice", __name__, url_prefix="/twilio")

# The keypad menu: each key stands for what the caller could have said instead.
MENU_MESSAGES = {"1": "诉讼费怎么算", "2": "查询案件", "3": "我要起诉"}
HANDOFF_KEY = "0"
REPEAT_KEY = "*"
# Silences in a row before goodbye: the first asks again, the second reads the menu.
MAX_SILENCES = 3
# Long <Say> texts are cut between sentences; a phone answer longer than this is cut short.
MAX_SAY_CHARS = 120
MAX_SPOKEN_CHARS = 450

GREETING = (
    "您好，欢迎致电诉讼服务热线。我是自动语音助手，只解答诉讼程序方面的问题，"
    "不对案件的实体问题发表意见。"
)
KEYS = "您也可以按键选择：诉讼费用请按1，案件查询请按2，立案指引请按3，转人工服务请按0。"
MENU = "请直接说出您的问题。" + KEYS
FOLLOW_UP = "您可以继续提问。重听菜单请按星号键，转人工服务请按0。"
LISTENING = "请讲，我在听。"
NOT_HEARD = "抱歉，没有听到您的声音。"
NOT_UNDERSTOOD = "抱歉，我没有听清楚，请您再说一遍。"
UNKNOWN_KEY = "抱歉，没有这个选项。"
TRANSFERRING = "正在为您转接人工服务，请稍候。"
GOODBYE = "感谢您的来电，再见。"
_NO_LINE = (
    "抱歉，目前没有可以转接的人工坐席。您可以拨打诉讼服务热线{hotline}，"
    "或到{service_hall}窗口咨询。"
)
_LINE_BUSY = (
    "抱歉，人工坐席暂时无法接通。您可以稍后再拨，或拨打诉讼服务热线{hotline}，"
    "也可以到{service_hall}窗口咨询。"
)
_SILENT_GOODBYE = (
    "一直没有听到您的声音，本次通话即将结束。如需帮助，欢迎再次来电，"
    "或到{service_hall}窗口咨询。再见。"
)
_CUT_SHORT = "内容较长，其余部分请到{service_hall}窗口咨询。"
_BUTTONS = "您可以说：{titles}。"
_FAILED = "抱歉，系统暂时出现故障。请稍后再拨，或到{service_hall}窗口咨询。再见。"
_MISSING_CALLER = "缺少 From 和 CallSid。"

_GATHER_TIMEOUT_SECONDS = 6
_DIAL_TIMEOUT_SECONDS = 30
# Phrases the recognizer should expect (<Gather hints>).
_HINTS = "诉讼费,立案,起诉,案件查询,开庭,转人工"
# Below this the caller is asked again rather than the assistant sent a mishearing. Some
# speech models report no confidence (missing or 0): their results are taken as heard.
_MIN_CONFIDENCE = 0.2
# What Twilio sends as From when the caller withholds the number.
_WITHHELD = frozenset(
    {"", "anonymous", "restricted", "unknown", "unavailable", "private", "+266696687"}
)


def _twiml(call: VoiceResponse) -> Response:
    return Response(str(call), mimetype="text/xml")


def _url(settings: Settings, endpoint: str, **params: int) -> str:
    # Absolute, on the public origin: the URL Twilio requests next is the one it signs.
    return settings.PUBLIC_BASE_URL.rstrip("/") + url_for(endpoint, **params)


def _say(node: VoiceResponse | Gather, settings: Settings, text: str) -> None:
    for chunk in sentence_chunks(text, MAX_SAY_CHARS):
        node.say(chunk, voice=settings.VOICE_SAY_VOICE, language=settings.VOICE_SAY_LANGUAGE)


def _listen(call: VoiceResponse, settings: Settings, prompt: str, silences: int = 0) -> None:
    """End the answer by listening: the prompt inside a speech-and-keypad <Gather>.

    actionOnEmptyResult brings a timeout back to us too, counted in the action URL, so a
    silent caller is prompted again instead of being dropped.
    """
    params = {"silent": silences} if silences else {}
    gather = call.gather(
        input="speech dtmf",
        action=_url(settings, ".gathered", **params),
        method="POST",
        language=settings.VOICE_SPEECH_LANGUAGE,
        hints=_HINTS,
        timeout=_GATHER_TIMEOUT_SECONDS,
        speech_timeout="auto",
        num_digits=1,
        # "#" is a key like any other here (answered with the menu), not an end-of-input mark.
        finish_on_key="",
        action_on_empty_result=True,
    )
    _say(gather, settings, prompt)


def _silences() -> int:
    raw = request.args.get("silent", "")
    # isdigit() alone also accepts "²", which int() refuses.
    if not (raw.isascii() and raw.isdigit()):
        return 0
    return MAX_SILENCES if len(raw) > 2 else min(int(raw), MAX_SILENCES)


def _caller() -> str | None:
    number = request.form.get("From", "").strip()
    if number.lower() not in _WITHHELD:
        return number
    # Keyed by the call instead: one conversation for all anonymous callers would let one
    # hear where another left off.
    call_sid = request.form.get("CallSid", "").strip()
    return f"call:{call_sid}" if call_sid else None


def _doubtful(raw_confidence: str) -> bool:
    try:
        confidence = float(raw_confidence)
    except ValueError:
        return False
    return 0 < confidence < _MIN_CONFIDENCE


def _spoken(reply: ChatReply, settings: Settings) -> str:
    parts = []
    for message in reply.messages:
        parts.append(speakable(message.text))
        titles = [t for t in (speakable(b["title"]).rstrip("。") for b in message.buttons) if t]
        if titles:
            parts.append(_BUTTONS.format(titles="、".join(titles)))
    text, cut = truncate("".join(parts), MAX_SPOKEN_CHARS)
    return text + (_CUT_SHORT.format(service_hall=settings.SERVICE_HALL) if cut else "")


def _transfer(call: VoiceResponse, settings: Settings) -> None:
    if not settings.VOICE_HANDOFF_NUMBER:
        # No staff line: point to the hotline and the hall, and keep the call going.
        _say(
            call,
            settings,
            _NO_LINE.format(hotline=settings.HOTLINE, service_hall=settings.SERVICE_HALL),
        )
        _listen(call, settings, MENU)
        return
    log.info("voice call transferred to staff")
    _say(call, settings, TRANSFERRING)
    call.dial(
        settings.VOICE_HANDOFF_NUMBER,
        action=_url(settings, ".dialed"),
        method="POST",
        timeout=_DIAL_TIMEOUT_SECONDS,
    )


def _ask_assistant(settings: Settings, caller: str, message: str) -> VoiceResponse:
    reply = converse(
        runtime.rasa(),
        conversation_id=conversation_id_for(settings.SENDER_HASH_KEY, Channel.VOICE, caller),
        channel=Channel.VOICE,
        message=message,
        hotline=settings.HOTLINE,
        service_hall=settings.SERVICE_HALL,
    )
    call = VoiceResponse()
    if reply.handoff and settings.VOICE_HANDOFF_NUMBER:
        # The assistant's own words promise a call back; with a line, the caller gets a person now.
        _transfer(call, settings)
        return call
    _say(call, settings, _spoken(reply, settings))
    # Busy assistant: the keypad menu still leads to staff (0) or to the same answers later.
    _listen(call, settings, MENU if reply.degraded else FOLLOW_UP)
    return call


def _pressed(settings: Settings, caller: str, key: str) -> VoiceResponse:
    if key == HANDOFF_KEY:
        call = VoiceResponse()
        _transfer(call, settings)
        return call
    if key in MENU_MESSAGES:
        return _ask_assistant(settings, caller, MENU_MESSAGES[key])
    call = VoiceResponse()
    if key != REPEAT_KEY:
        _say(call, settings, UNKNOWN_KEY)
    _listen(call, settings, MENU)
    return call


def _silent(settings: Settings, silences: int) -> VoiceResponse:
    call = VoiceResponse()
    if silences >= MAX_SILENCES:
        log.info("voice call ended after %d silences", silences)
        _say(call, settings, _SILENT_GOODBYE.format(service_hall=settings.SERVICE_HALL))
        call.hangup()
        return call
    _say(call, settings, NOT_HEARD)
    target = ".listen" if silences == 1 else ".menu"
    call.redirect(_url(settings, target, silent=silences), method="POST")
    return call


register_refusals(bp)


@bp.errorhandler(Exception)
def _unexpected(error: Exception) -> Response:
    # The type only: an exception's message can quote the form (the number, what was said).
    log_failure(log, "twilio voice webhook failed", error)
    # Spoken and 200, so the caller hears Chinese rather than Twilio's own error message.
    call = VoiceResponse()
    settings = runtime.settings()
    _say(call, settings, _FAILED.format(service_hall=settings.SERVICE_HALL))
    call.hangup()
    return _twiml(call)


@bp.post("/voice")
def incoming_call() -> Response:
    """A call to the court's number: greet, say what the assistant does, and listen."""
    settings = runtime.settings()
    if not signature_is_valid(settings):
        return refused()
    call = VoiceResponse()
    _say(call, settings, GREETING)
    _listen(call, settings, MENU)
    return _twiml(call)


@bp.post("/voice/gather")
def gathered() -> Response:
    """What the caller said or pressed, or nothing when the <Gather> timed out."""
    settings = runtime.settings()
    if not signature_is_valid(settings):
        return refused()
    caller = _caller()
    if caller is None:
        return plain(400, _MISSING_CALLER)
    key = request.form.get("Digits", "").strip()
    if key:
        return _twiml(_pressed(settings, caller, key))
    speech = incoming_text(request.form.get("SpeechResult", ""))
    if not speech:
        return _twiml(_silent(settings, _silences() + 1))
    if _doubtful(request.form.get("Confidence", "")):
        call = VoiceResponse()
        _say(call, settings, NOT_UNDERSTOOD)
        _listen(call, settings, KEYS)
        return _twiml(call)
    return _twiml(_ask_assistant(settings, caller, speech))


@bp.post("/voice/listen")
def listen() -> Response:
    """Listen again after a silence, with a short prompt."""
    settings = runtime.settings()
    if not signature_is_valid(settings):
        return refused()
    call = VoiceResponse()
    _listen(call, settings, LISTENING, _silences())
    return _twiml(call)


@bp.post("/voice/menu")
def menu() -> Response:
    """Read the keypad menu and listen (after silences, or from anywhere with a redirect)."""
    settings = runtime.settings()
    if not signature_is_valid(settings):
        return refused()
    call = VoiceResponse()
    _listen(call, settings, MENU, _silences())
    return _twiml(call)


@bp.post("/voice/dialed")
def dialed() -> Response:
    """The transfer ended: goodbye after a conversation with staff, else the way back."""
    settings = runtime.settings()
    if not signature_is_valid(settings):
        return refused()
    call = VoiceResponse()
    if request.form.get("DialCallStatus", "") == "completed":
        _say(call, settings, GOODBYE)
        call.hangup()
        return _twiml(call)
    # busy, no-answer, failed, canceled: nobody took the call.
    log.info("voice transfer not answered")
    _say(
        call,
        settings,
        _LINE_BUSY.format(hotline=settings.HOTLINE, service_hall=settings.SERVICE_HALL),
    )
    _listen(call, settings, MENU)
    return _twiml(call)
