"""Hostile text: what an attacker (or a broken client) puts into every field."""

from __future__ import annotations

# name → text. Names become test ids, so a failure says which kind of input broke what.
HOSTILE_TEXT: dict[str, str] = {
    "sql_quote": "' OR '1'='1",
    "sql_drop": "'); DROP TABLE cases;--",
    "sql_union": "1 UNION SELECT id_number, phone FROM parties--",
    "sql_comment_like": "%' /* _ */ --",
    "html_script": "<script>alert('x')</script>",
    "html_attribute": '"><img src=x onerror=alert(1)>',
    "template": "{{7*7}}${7*7}<%= 7*7 %>",
    "nul": "案号\x00",
    "c0_controls": "\x1b[31m\x07\x08\x0b\x0c",
    "c1_controls": "\x85\x9b",
    "log_forging": "x\n2026-01-01 00:00:00 ERROR [-] forged: 13800138001",
    "lone_surrogate": "\ud800",
    "rtl_zero_width": "\u202e\u200b\u200d\ufeff\u2066",
    "ten_thousand": "案" * 10_000,
    "emoji": "👨‍⚖️🏛️",
    "path_traversal": "../../../../etc/passwd",
}

# Text an HTTP form or URL can carry: a lone surrogate cannot be encoded as UTF-8 at all.
FORM_TEXT = {name: text for name, text in HOSTILE_TEXT.items() if name != "lone_surrogate"}

# Markup that must never come back unescaped in an HTML page or an XML reply.
MARKUP = ("<script>", "<img src=x")
