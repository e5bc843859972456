"""The kiosk filing-guide pages: the API's own catalog content, as printable touch-screen pages."""

import base64
import hashlib
import re
from html import unescape

import pytest

from kiosk_api.domain.disputes import default_catalog
from tests.kiosk.page_checks import only_own_scripts

CODES = list(default_catalog().disputes)
UNSURE_TEXT = "还不能确定是哪类纠纷，请选择最接近的一项或再说具体一些"
DISCLAIMER = "以上为立案程序指引，不是对案件结果的判断。"
PRINT_HASH = base64.b64encode(hashlib.sha256(b"window.print()").digest()).decode()


def squash(text):
    """Text without any whitespace: pages break lines where the API does not."""
    return "".join(text.split())


def page_text(html):
    """All text of the page with tags and whitespace removed."""
    return squash(unescape(re.sub(r"<[^>]+>", "", html)))


def section(html, element_id):
    """The HTML of the <section> with this id."""
    match = re.search(rf'<section [^>]*id="{element_id}"[^>]*>(.*?)</section>', html, re.S)
    assert match, f"no section with id {element_id}"
    return match.group(1)


def cited(entry):
    """How a page shows an API entry: its text, then its basis in small print."""
    if not entry["basis"]:
        return squash(entry["text"])
    return squash(f"{entry['text']}依据：{'；'.join(entry['basis'])}")


def assert_kiosk_safe(page):
    """Offline, script-free apart from the print handler, not cached, with the kiosk CSS."""
    html = page.text
    assert page.mimetype == "text/html"
    assert "http://" not in html and "https://" not in html
    assert only_own_scripts(html)
    assert "Traceback" not in html
    assert '<html lang="zh-CN">' in html
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == ["/kiosk/static/kiosk.css"]
    assert page.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]


def test_index_lists_every_dispute_of_the_catalog_by_category(client):
    api = client.get("/api/v1/disputes").json["disputes"]
    assert len(api) >= 22
    page = client.get("/kiosk/filing")
    assert page.status_code == 200
    assert_kiosk_safe(page)
    html = page.text
    assert len(re.findall(r'class="dispute-button"', html)) == len(api)
    for dispute in api:
        button = re.search(
            rf'<a class="dispute-button" href="/kiosk/filing/{dispute["code"]}">(.*?)</a>',
            html,
            re.S,
        )
        assert button, dispute["code"]
        assert page_text(button.group(1)) == squash(dispute["cause"] + dispute["names"][0])
    for heading in ("民事纠纷", "行政案件（告政府部门）", "申请执行"):
        assert f">{heading}</h2>" in html
    assert 'name="q"' in html and 'maxlength="200"' in html
    assert 'id="matches"' not in html


def test_the_header_links_to_the_filing_guide_from_every_kiosk_page(client):
    for path in ("/kiosk/fees", "/kiosk/fees/relief", "/kiosk/filing"):
        assert 'href="/kiosk/filing"' in client.get(path).text


def test_unpaid_wages_are_recognised_as_a_wage_claim(client):
    page = client.get("/kiosk/filing", query_string={"q": "老板三个月没发工资"})
    assert page.status_code == 200
    assert_kiosk_safe(page)
    matches = section(page.text, "matches")
    best = re.search(r'<a class="dispute-button best"\s+href="([^"]+)">(.*?)</a>', matches, re.S)
    assert best, matches
    assert best.group(1) == "/kiosk/filing/labor_remuneration"
    assert "追索劳动报酬纠纷" in page_text(best.group(2))
    assert "您说的是：“老板三个月没发工资”" in page_text(matches)
    assert UNSURE_TEXT not in page.text
    assert 'value="老板三个月没发工资"' in page.text


def test_vague_text_asks_to_choose_or_say_more(client):
    page = client.get("/kiosk/filing", query_string={"q": "你好"})
    assert page.status_code == 200
    assert UNSURE_TEXT in page_text(section(page.text, "matches"))
    assert 'class="dispute-button best"' not in page.text
    # The full list stays on the page so the person can choose.
    assert 'href="/kiosk/filing/private_lending"' in page.text


@pytest.mark.parametrize(
    "attack",
    ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "工资</p><b>拖欠</b>"],
)
def test_html_in_the_description_comes_back_escaped(client, attack):
    page = client.get("/kiosk/filing", query_string={"q": attack})
    assert page.status_code == 200
    html = page.text
    assert attack not in html
    assert only_own_scripts(html) and "<img" not in html and "<b>" not in html
    escaped = attack.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped.replace('"', "&#34;") in html


@pytest.mark.parametrize(
    ("query", "message"),
    [("工资" * 101, "您的情况过长，最多200个字"), ("没发工资\x01", "您的情况含有无法识别的字符")],
)
def test_over_long_or_garbled_descriptions_get_a_422_page_in_chinese(client, query, message):
    page = client.get("/kiosk/filing", query_string={"q": query})
    assert page.status_code == 422
    assert_kiosk_safe(page)
    assert 'class="error-box" role="alert"' in page.text
    assert message in page_text(page.text)
    assert 'id="matches"' not in page.text
    assert 'class="dispute-button"' in page.text


def test_a_description_of_exactly_the_limit_is_accepted(client):
    assert client.get("/kiosk/filing", query_string={"q": "工" * 200}).status_code == 200


@pytest.mark.parametrize("path", ["/kiosk/filing/no_such_dispute", "/kiosk/filing/%3Cscript%3E"])
def test_an_unknown_dispute_gets_a_chinese_404_page_with_the_list(client, path):
    page = client.get(path)
    assert page.status_code == 404
    assert_kiosk_safe(page)
    text = page_text(page.text)
    assert "没有找到" in text and "请从下面选择最接近的一项" in text
    assert 'href="/kiosk/filing/private_lending"' in page.text


@pytest.mark.parametrize("code", CODES)
def test_every_dispute_page_shows_the_api_content_as_a_printable_checklist(client, code):
    api = client.get(f"/api/v1/disputes/{code}")
    assert api.status_code == 200, api.json
    d = api.json
    page = client.get(f"/kiosk/filing/{code}")
    assert page.status_code == 200
    assert_kiosk_safe(page)
    html = page.text
    text = page_text(html)

    assert squash(f"案由：{d['cause']}") in page_text(section(html, "about"))
    assert squash(d["summary"]) in text

    materials = page_text(section(html, "materials"))
    for material in d["materials"]:
        assert cited(material) in materials
    assert any(m["basis"] for m in d["materials"]) and "依据：《" in materials
    # Every material and every piece of evidence has its own box to tick on paper.
    assert section(html, "materials").count("☐") == len(d["materials"])
    assert html.count("☐") == len(d["materials"]) + len(d["evidence"])
    if d["evidence"]:
        evidence = section(html, "evidence")
        assert evidence.count("☐") == len(d["evidence"])
        for item in d["evidence"]:
            assert item in unescape(evidence)

    court = page_text(section(html, "court"))
    assert cited(d["jurisdiction"]) in court
    if d["jurisdiction"]["exclusive"]:
        assert "专属管辖" in court
    elif d["jurisdiction"]["agreement_allowed"]:
        assert "可以书面约定" in court
    for ground in d["jurisdiction"]["grounds"]:
        assert squash(f"{ground['label']}：{ground['question']}") in court

    if d["pre_procedure"]:
        pre = page_text(section(html, "pre-procedure"))
        assert squash(f"起诉前须先{d['pre_procedure']['name']}") in pre
        assert cited(d["pre_procedure"]) in pre
    else:
        assert 'id="pre-procedure"' not in html

    assert cited(d["limitation"]) in page_text(section(html, "limitation"))
    filing = page_text(section(html, "filing"))
    for way in d["filing"]["ways"]:
        assert f"{way['name']}：{cited(way)}" in filing
    assert cited(d["filing"]["one_time_notice"]) in filing
    assert cited(d["filing"]["decision"]) in filing

    mediation = page_text(section(html, "mediation"))
    assert squash(d["mediation"]["text"]) in mediation
    for part in d["mediation"]["guide"].values():
        assert (cited(part) in mediation) is d["mediation"]["suited"]

    assert cited(d["small_claims"]) in page_text(section(html, "small-claims"))
    assert cited(d["fee"]) in page_text(section(html, "fee"))
    assert 'href="/kiosk/fees"' in section(html, "fee")

    assert html.count('onclick="window.print()"') >= 1 and "打印清单" in text
    assert squash(f"纠纷目录版本：{d['catalog_version']}") in text
    assert DISCLAIMER in text and html.rfind(DISCLAIMER) > html.rfind("</section>")


def test_the_fee_link_names_the_case_kind_to_choose(client):
    fee = section(client.get("/kiosk/filing/labor_remuneration").text, "fee")
    assert "去计算诉讼费（案件类型请选“劳动争议案件”）" in page_text(fee)


def test_the_csp_admits_the_print_button_and_no_other_inline_script(client):
    csp = client.get("/kiosk/filing/private_lending").headers["Content-Security-Policy"]
    script_src = next(p.strip() for p in csp.split(";") if p.strip().startswith("script-src"))
    assert script_src == f"script-src 'self' 'unsafe-hashes' 'sha256-{PRINT_HASH}'"
    assert "'unsafe-inline'" not in csp


def test_the_print_stylesheet_hides_controls_and_prints_the_checklist(client):
    css = client.get("/kiosk/static/kiosk.css").text
    assert "size: A4" in css
    filing_print = next(b for b in css.split("@media print")[1:] if ".ask-form" in b)
    for hidden in (".ask-form", ".guide-actions", ".fee-link"):
        assert hidden in filing_print.split("display: none")[0]
    assert ".check-item" in filing_print and ".box" in filing_print
    assert "@font-face" not in css and "@import" not in css and "url(" not in css
