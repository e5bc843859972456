"""类型代字 (case-type codes) and their names, from 《人民法院案件类型及其代字标准》(2015)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

# Shipped beside the fee table; read on first use so importing the domain does no I/O.
STANDARD_TABLE = (
    Path(__file__).resolve().parent.parent / "reference" / "case_type_codes_2015_standard.tsv"
)

# Codes in real case numbers that the 2015 table does not list. Only codes seen on court
# documents belong here, each with the name courts use for it.
SUPPLEMENT: dict[str, tuple[str, ...]] = {
    # 诉前调解 (2019 onwards), e.g. （2021）川0104民诉前调801号, （2024）浙02民诉前调595号.
    "民诉前调": ("民事诉前调解案件",),
}

# 专门审判代字 (法〔2018〕335号) stands between 法院代字 and 类型代字, e.g. 最高法知民终.
SPECIAL_TRIAL_CODES: dict[str, str] = {"知": "知识产权"}


@cache
def standard_codes() -> dict[str, tuple[str, ...]]:
    """Every 类型代字 of the 2015 table with its names (刑核 and 民特 have several)."""
    names: dict[str, list[str]] = {}
    for line in STANDARD_TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        # A category header has no code; a row for several codes (认台/认港/认澳) gives each
        # of them the row's name, since the table does not split it.
        if len(fields) < 3 or not fields[2].strip():
            continue
        for code in fields[2].strip().split("/"):
            listed = names.setdefault(code.strip(), [])
            if fields[1] not in listed:
                listed.append(fields[1])
    return {code: tuple(found) for code, found in names.items()}


def split_special_trial(type_code: str) -> tuple[str, str]:
    """The 专门审判代字 ("" if none) and the 类型代字 proper, e.g. 知民终 → (知, 民终)."""
    head, rest = type_code[:1], type_code[1:]
    if head in SPECIAL_TRIAL_CODES and _base_names(rest) is not None:
        return head, rest
    return "", type_code


def is_known_type_code(type_code: str) -> bool:
    """Whether `type_code` (with or without a 专门审判代字) is a code courts use."""
    return case_type_names(type_code) is not None


def case_type_names(type_code: str) -> tuple[str, ...] | None:
    """The case-type names of `type_code`; None if the code is not known."""
    names = _base_names(type_code)
    if names is not None:
        return names
    special, base = split_special_trial(type_code)
    if not special:
        return None
    prefix = SPECIAL_TRIAL_CODES[special]
    return tuple(prefix + name for name in _base_names(base) or ())


def _base_names(type_code: str) -> tuple[str, ...] | None:
    return standard_codes().get(type_code) or SUPPLEMENT.get(type_code)
