"""Masking and keyed hashing of personal data, so it can be matched without being shown."""

from __future__ import annotations

import hashlib
import hmac
import re


def mask_name(name: str) -> str:
    """张三 → 张*, 张小明 → 张*明, 欧阳娜娜 → 欧**娜; organisations keep their name."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    if len(name) > 5 and any(
        word in name for word in ("公司", "银行", "中心", "委员会", "局", "厂")
    ):
        return name
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """13812341234 → 138****1234; anything shorter keeps only its last two digits."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) >= 11:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(len(digits) - 2, 0) + digits[-2:]


def normalise_id_number(id_number: str) -> str:
    """Strip spaces and upper-case the check letter of a resident ID number."""
    return re.sub(r"\s+", "", id_number).upper()


def keyed_digest(key: str, value: str) -> str:
    """HMAC-SHA256 of a value under a secret key, hex; equal inputs give equal digests."""
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def id_number_digests(key: str, id_number: str) -> tuple[str, str]:
    """The digests stored for an ID number: of the whole number and of its last six characters."""
    normalised = normalise_id_number(id_number)
    return keyed_digest(key, normalised), keyed_digest(key, "tail:" + normalised[-6:])
