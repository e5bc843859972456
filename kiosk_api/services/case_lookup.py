"""Identity verification before any case data: challenges, SMS codes and lookup tokens.

From outside, an unknown 案号, a phone number not on file and a wrong code all look the
same: the lookup answers alike and the verification fails alike. Only the audit trail,
which staff read, tells them apart.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC
from enum import StrEnum
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from kiosk_api.config import Settings
from kiosk_api.db import DATABASE_OUTAGE_ERRORS, as_utc, transaction
from kiosk_api.domain.privacy import id_number_digests, keyed_digest, mask_name, mask_phone
from kiosk_api.errors import TooManyRequests, Unauthorized, Unprocessable
from kiosk_api.models import Case, Party, VerificationChallenge
from kiosk_api.services.audit import audit
from kiosk_api.services.chat import Channel, conversation_id_for
from kiosk_api.services.lookup_limits import Lockout, LookupLimits
from kiosk_api.services.opt_outs import normalise_phone

log = logging.getLogger(__name__)

# A code may be tried this many times before the challenge is spent (the per-case and
# per-client lockouts still apply on top).
MAX_ATTEMPTS_PER_CHALLENGE = 5
_PHONE = re.compile(r"^(?:1[3-9]\d{9}|\+\d{8,15})$")
_TOKEN_SALT = "case-lookup"

FAILED_MESSAGE = (
    "验证未通过：案号与身份信息不符，或验证码错误、已过期。"
    "请核对后重试，或携带身份证件到诉讼服务大厅查询。"
)
SENT_MESSAGE = "如该手机号是本案当事人在法院登记的号码，验证码已发送，{minutes}分钟内有效。"
SENT_TO_SENDER_MESSAGE = (
    "如您正在使用的手机号是本案当事人在法院登记的号码，验证码已发送到该手机，{minutes}分钟内有效。"
)
IDENTITY_MESSAGE = "请输入当事人姓名及身份证号码后6位。"
ID_CARD_MESSAGE = "请将身份证放在读卡区。"


class Method(StrEnum):
    """How a party proves who they are."""

    SMS = "sms"  # a one-time code to the phone on file
    IDENTITY = "identity"  # at a kiosk: name + last 6 characters of the ID number
    ID_CARD = "id_card"  # at a kiosk: the ID-card reader's event


# Name + ID tail and the card reader only count in the service hall, on a registered kiosk.
KIOSK_ONLY = frozenset({Method.IDENTITY, Method.ID_CARD})


@dataclass(frozen=True)
class Caller:
    """Who is asking: channel, a pseudonymous client key, and the kiosk or conversation."""

    channel: str
    client: str
    device_id: int | None = None
    conversation_id: str | None = None


@dataclass(frozen=True)
class Challenge:
    """A started verification, as the caller sees it."""

    id: str
    method: Method
    expires_in: int
    masked_phone: str | None
    message: str


@dataclass(frozen=True)
class Credentials:
    """What the caller offers to pass a challenge (only the fields of its method are used)."""

    code: str = ""
    name: str = ""
    id_tail: str = ""
    id_number: str = ""


@dataclass(frozen=True)
class Grant:
    """A verified party's short-lived right to read one case."""

    token: str
    expires_in: int
    case_number: str
    party_role: str
    party_name: str  # masked


@dataclass(frozen=True)
class GrantClaims:
    """What a lookup token says: which case, which party, where it was verified."""

    case_id: int
    party_id: int
    case_number: str
    channel: str


def valid_phone(text: str) -> str:
    """A mainland mobile number (11 digits) or an E.164 number, normalised; 422 otherwise."""
    phone = normalise_phone(text)
    if not _PHONE.match(phone):
        raise Unprocessable(
            "手机号格式不正确，请输入11位手机号码", code="invalid_phone", detail={"field": "phone"}
        )
    return phone


def start_lookup(
    sessions: sessionmaker[Session],
    settings: Settings,
    limits: LookupLimits,
    sender: Any,
    *,
    caller: Caller,
    case_number: str,
    method: Method,
    phone: str | None = None,
) -> Challenge:
    """Open a verification challenge for a case; for SMS, send the code if the number is on file."""
    now = dt.datetime.now(UTC)
    if method is Method.SMS:
        lockout = limits.take_code(case_number, caller.client)
        if lockout is not None:
            with transaction(sessions) as session:
                _audit(session, "lookup", caller, case_number, "locked", None)
            raise _too_many(lockout, settings)
    challenge_id = secrets.token_urlsafe(18)
    ttl = settings.LOOKUP_CODE_TTL_SECONDS
    text: _CodeText | None = None
    with transaction(sessions) as session:
        case = _case(session, case_number)
        party = None
        if case is not None and method is Method.SMS:
            party = _party_by_phone(case, phone, caller, settings.SENDER_HASH_KEY)
        code = f"{secrets.randbelow(10**6):06d}"
        session.add(
            VerificationChallenge(
                id=challenge_id,
                case_number=case_number,
                case_id=case.id if case is not None else None,
                party_id=party.id if party is not None else None,
                method=method.value,
                channel=caller.channel,
                code_digest=_code_digest(settings, challenge_id, code) if party else None,
                expires_at=now + dt.timedelta(seconds=ttl),
            )
        )
        result = "unknown_case" if case is None else "challenge"
        if method is Method.SMS:
            if party is not None and case is not None:
                text = _code_text(settings, case, party, code)
            else:
                result = "unknown_case" if case is None else "phone_not_on_file"
        if text is None:
            _audit(session, "lookup", caller, case_number, result, party)
    if text is not None:
        # Sent only once the challenge is committed, and outside any transaction: the provider
        # may take up to its timeout, all that time holding a pooled connection and an open
        # transaction (with its locks once anything was flushed), and a commit failing after
        # the text went out would leave the citizen a code that matches no challenge.
        result = _send_code(sender, text)
        try:
            with transaction(sessions) as session:
                _audit_party(session, caller, case_number, result, text.party_id)
        except DATABASE_OUTAGE_ERRORS as exc:
            # The code is out and its challenge stored: the citizen can go on once the
            # database is back. Failing the request would only make them ask for another.
            log.error("lookup audit (%s) not written: %s", result, type(exc).__name__)
    return Challenge(
        id=challenge_id,
        method=method,
        expires_in=ttl,
        masked_phone=mask_phone(phone) if phone else None,
        message=_challenge_message(method, phone, ttl),
    )


def verify(
    sessions: sessionmaker[Session],
    settings: Settings,
    limits: LookupLimits,
    *,
    caller: Caller,
    challenge_id: str,
    credentials: Credentials,
) -> Grant:
    """Check the credentials against a challenge; a token on success, one same failure else."""
    now = dt.datetime.now(UTC)
    with transaction(sessions) as session:
        challenge = session.get(VerificationChallenge, challenge_id, with_for_update=True)
        case_number = challenge.case_number if challenge is not None else ""
        # Forged challenge ids count against the client only, not against any one case.
        limit_key = case_number or f"challenge:{challenge_id}"
        lockout = limits.verification_locked(limit_key, caller.client)
        party, result = None, "locked"
        if lockout is None:
            party, result = _check(session, settings, challenge, caller, credentials, now)
            if challenge is not None and party is None:
                challenge.attempts += 1
            elif challenge is not None and party is not None:
                challenge.consumed_at, challenge.party_id = now, party.id
        _audit(session, "verify", caller, case_number or None, result, party)
    if lockout is not None:
        raise _too_many(lockout, settings)
    if party is None:
        limits.record_failure(limit_key, caller.client)
        raise Unprocessable(FAILED_MESSAGE, code="verification_failed")
    assert challenge is not None and challenge.case_id is not None
    claims = GrantClaims(challenge.case_id, party.id, case_number, caller.channel)
    return Grant(
        token=issue_token(settings, claims),
        expires_in=settings.LOOKUP_TOKEN_TTL_SECONDS,
        case_number=case_number,
        party_role=party.role,
        party_name=mask_name(party.name),
    )


def issue_token(settings: Settings, claims: GrantClaims) -> str:
    """A signed, time-stamped token naming the case and the party (nothing personal in it)."""
    serializer = URLSafeTimedSerializer(settings.LOOKUP_TOKEN_KEY, salt=_TOKEN_SALT)
    return serializer.dumps(
        {"c": claims.case_id, "p": claims.party_id, "n": claims.case_number, "ch": claims.channel}
    )


def read_token(settings: Settings, token: str) -> GrantClaims:
    """The claims of a valid, unexpired token; 401 otherwise."""
    serializer = URLSafeTimedSerializer(settings.LOOKUP_TOKEN_KEY, salt=_TOKEN_SALT)
    try:
        data = serializer.loads(token, max_age=settings.LOOKUP_TOKEN_TTL_SECONDS)
    except SignatureExpired:
        raise Unauthorized("查询凭证已过期，请重新验证身份", code="token_expired") from None
    except BadSignature:
        raise Unauthorized("请先验证身份再查询案件", code="verification_required") from None
    return GrantClaims(int(data["c"]), int(data["p"]), str(data["n"]), str(data["ch"]))


def _case(session: Session, case_number: str) -> Case | None:
    return session.scalar(
        select(Case).where(Case.case_number == case_number).options(selectinload(Case.parties))
    )


def _party_by_phone(case: Case, phone: str | None, caller: Caller, sender_key: str) -> Party | None:
    """The party whose phone on file is the one given, or the SMS/voice sender's own."""
    for party in case.parties:
        if not party.phone:
            continue
        on_file = normalise_phone(party.phone)
        if phone is not None and on_file == phone:
            return party
        if phone is None and caller.conversation_id and _is_sender(caller, on_file, sender_key):
            return party
    return None


def _is_sender(caller: Caller, phone: str, sender_key: str) -> bool:
    # The gateway derives an SMS or voice conversation id from the caller's number, so the
    # number itself never reaches Rasa; comparing ids finds the party without revealing it.
    channel = Channel(caller.channel)
    for form in (phone, "+86" + phone):
        if hmac.compare_digest(
            conversation_id_for(sender_key, channel, form), caller.conversation_id or ""
        ):
            return True
    return False


@dataclass(frozen=True)
class _CodeText:
    """The verification SMS, built inside the transaction and sent after it."""

    party_id: int
    phone: str
    body: str


def _code_text(settings: Settings, case: Case, party: Party, code: str) -> _CodeText:
    minutes = settings.LOOKUP_CODE_TTL_SECONDS // 60
    body = (
        f"【{case.court.name}】验证码{code}，用于查询案件{case.case_number}，"
        f"{minutes}分钟内有效。如非本人操作，请忽略本短信。"
    )
    return _CodeText(party.id, party.phone or "", body)


def _send_code(sender: Any, text: _CodeText) -> str:
    try:
        sender.send(text.phone, text.body, status_callback=None)
    # A failed send must look like any other lookup from outside.
    except Exception as exc:
        log.warning("verification SMS not sent: %s", type(exc).__name__)
        return "send_failed"
    return "code_sent"


def _check(
    session: Session,
    settings: Settings,
    challenge: VerificationChallenge | None,
    caller: Caller,
    credentials: Credentials,
    now: dt.datetime,
) -> tuple[Party | None, str]:
    """The verified party, or None and the reason (for the audit trail only)."""
    if challenge is None:
        return None, "unknown_challenge"
    if challenge.consumed_at is not None:
        return None, "already_used"
    if as_utc(challenge.expires_at) <= now:
        return None, "expired"
    if challenge.attempts >= MAX_ATTEMPTS_PER_CHALLENGE:
        return None, "attempts_exhausted"
    if challenge.case_id is None:
        return None, "unknown_case"
    method = Method(challenge.method)
    if method in KIOSK_ONLY and caller.device_id is None:
        return None, "not_a_kiosk"
    if method is Method.SMS:
        if challenge.party_id is None or challenge.code_digest is None:
            return None, "phone_not_on_file"
        expected = _code_digest(settings, challenge.id, credentials.code)
        if not hmac.compare_digest(expected, challenge.code_digest):
            return None, "wrong_code"
        return session.get(Party, challenge.party_id), "verified"
    parties = session.scalars(select(Party).where(Party.case_id == challenge.case_id)).all()
    if method is Method.IDENTITY:
        tail = id_number_digests(settings.ID_HASH_KEY, credentials.id_tail)[1]
        matched = [
            p
            for p in parties
            if _same_name(p.name, credentials.name)
            and p.id_tail_digest
            and hmac.compare_digest(p.id_tail_digest, tail)
        ]
    else:
        whole = id_number_digests(settings.ID_HASH_KEY, credentials.id_number)[0]
        matched = [p for p in parties if p.id_digest and hmac.compare_digest(p.id_digest, whole)]
    # Two parties with the same name and ID tail cannot be told apart: refuse rather than guess.
    if len(matched) != 1:
        return None, "identity_mismatch"
    return matched[0], "verified"


def _same_name(on_file: str, given: str) -> bool:
    return re.sub(r"\s+", "", on_file) == re.sub(r"\s+", "", given)


def _code_digest(settings: Settings, challenge_id: str, code: str) -> str:
    return keyed_digest(settings.LOOKUP_TOKEN_KEY, f"code:{challenge_id}:{code}")


def _challenge_message(method: Method, phone: str | None, ttl: int) -> str:
    if method is Method.IDENTITY:
        return IDENTITY_MESSAGE
    if method is Method.ID_CARD:
        return ID_CARD_MESSAGE
    template = SENT_MESSAGE if phone else SENT_TO_SENDER_MESSAGE
    return template.format(minutes=ttl // 60)


def _too_many(lockout: Lockout, settings: Settings) -> TooManyRequests:
    minutes = max(1, -(-lockout.retry_after // 60))
    return TooManyRequests(
        f"尝试次数过多，已暂时锁定，请{minutes}分钟后再试；"
        f"也可以携带身份证件到{settings.SERVICE_HALL}查询，或拨打{settings.HOTLINE}。",
        code="lookup_locked",
        retry_after=lockout.retry_after,
    )


def _audit(
    session: Session,
    action: str,
    caller: Caller,
    case_number: str | None,
    result: str,
    party: Party | None,
) -> None:
    _audit_party(
        session, caller, case_number, result, party.id if party is not None else None, action
    )


def _audit_party(
    session: Session,
    caller: Caller,
    case_number: str | None,
    result: str,
    party_id: int | None,
    action: str = "lookup",
) -> None:
    audit(
        session,
        action=action,
        channel=caller.channel,
        client=caller.client,
        case_number=case_number,
        party_id=party_id,
        result=result,
    )
