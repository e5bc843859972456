"""The kiosk fee pages: same figures and basis as the JSON API, Chinese errors, kiosk-safe HTML."""

import re
from html import unescape

import pytest

from kiosk_api.domain.fee_relief import GROUNDS
from kiosk_api.domain.fees import Instance, Outcome, Procedure, RetrialGround
from kiosk_api.domain.provinces import PROVINCES
from kiosk_api.kiosk.fee_pages import yuan
from kiosk_api.services.fee_estimates import kinds_json
from tests.kiosk.page_checks import only_own_scripts

# Each form as a browser sends it: checkboxes as "on", unchecked ones absent.
FORMS = [
    {"case_kind": "property", "amount": "八万"},
    {"case_kind": "divorce", "amount": "50万"},
    {"case_kind": "execution", "amount": "1000万"},
    {"case_kind": "preservation", "amount": "100万"},
    {"case_kind": "labor", "wage_claim": "on"},
    {"case_kind": "property", "amount": "5万", "procedure": "simple"},
    {"case_kind": "payment_order", "amount": "10000", "province": "粤"},
    {"case_kind": "property", "amount": "6万多", "outcome": "mediation", "counterclaim": "on"},
]


def as_json(form):
    """The same request as an API client sends it (booleans for checkboxes)."""
    return {name: True if value == "on" else value for name, value in form.items()}


def text_of(html, element_id):
    """The visible text of the paragraph with this id, whitespace collapsed."""
    match = re.search(rf'<p [^>]*id="{element_id}"[^>]*>(.*?)</p>', html, re.S)
    assert match, f"no paragraph with id {element_id}"
    return " ".join(unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


def page_text(html):
    """All text of the page with tags removed and whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1800.00", "1,800"),
        ("16.67", "16.67"),
        ("77400.00", "77,400"),
        ("12345.50", "12,345.50"),
        ("-525.00", "-525"),
        ("0.00", "0"),
        (None, ""),
    ],
)
def test_money_is_shown_with_thousands_separators_and_no_empty_fen(value, shown):
    assert yuan(value) == shown


def test_fee_form_offers_every_case_kind_with_property_preselected(client):
    response = client.get("/kiosk/fees")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for kind in kinds_json():
        assert f'value="{kind["case_kind"]}"' in html
        assert kind["label"] in html
    assert re.search(r'name="case_kind" value="property"\s+checked', html)
    assert 'inputmode="decimal"' in html
    assert "按件收费，无需填写金额" in html


def test_fee_form_offers_every_choice_the_estimate_accepts(client):
    html = client.get("/kiosk/fees").get_data(as_text=True)
    for name, enum in (
        ("procedure", Procedure),
        ("outcome", Outcome),
        ("instance", Instance),
        ("retrial_ground", RetrialGround),
    ):
        for member in enum:
            assert f'name="{name}" value="{member.value}"' in html
    for label in (
        "普通程序",
        "简易程序",
        "小额诉讼",
        "判决",
        "调解",
        "撤诉",
        "一审",
        "二审",
        "再审",
    ):
        assert label in html
    for code, name in PROVINCES.items():
        assert f'value="{code}"' in html and name in html
    assert '<option value="粤" selected>' in html


@pytest.mark.parametrize("form", FORMS)
def test_posted_form_shows_the_same_total_and_basis_as_the_api(client, form):
    api = client.post("/api/v1/fees/estimate", json=as_json(form))
    assert api.status_code == 200, api.json
    expected = api.json

    page = client.post("/kiosk/fees", data=form)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = page_text(html)

    assert text_of(html, "total") == f"共 {yuan(expected['total'])} 元"
    for item in expected["items"]:
        assert f"{item['name']} {yuan(item['amount'])} 元 依据：{item['basis']}" in text
    for note in expected["notes"]:
        assert note["text"] in text
        if note["basis"]:
            assert f"依据：{note['basis']}" in text
    if expected["prepay"] != expected["total"]:
        assert text_of(html, "prepay") == f"现在需预交 {yuan(expected['prepay'])} 元"
    else:
        assert 'id="prepay"' not in html
    if expected["halving"]["halved_total"]:
        halved = yuan(expected["halving"]["halved_total"])
        assert text_of(html, "halving") == (
            f"调解结案、撤诉或适用简易程序的，减半为 {halved} 元（只减半一次）"
        )
    else:
        assert 'id="halving"' not in html
    assert "以上为估算，以法院交费通知为准" in text


def test_property_eighty_thousand_reads_as_the_citizen_expects(client):
    html = client.post("/kiosk/fees", data={"case_kind": "property", "amount": "八万"}).text
    assert text_of(html, "total") == "共 1,800 元"
    assert text_of(html, "halving") == "调解结案、撤诉或适用简易程序的，减半为 900 元（只减半一次）"
    assert "《诉讼费用交纳办法》第十三条第（一）项" in html


def test_wage_claim_shows_that_nothing_is_prepaid(client):
    html = client.post("/kiosk/fees", data={"case_kind": "labor", "wage_claim": "on"}).text
    assert text_of(html, "total") == "共 10 元"
    assert text_of(html, "prepay") == "现在需预交 0 元"


def test_submitted_values_stay_in_the_form(client):
    form = {
        "case_kind": "property",
        "amount": "6万多",
        "procedure": "ordinary",
        "outcome": "mediation",
        "instance": "first",
        "counterclaim": "on",
        "province": "京",
    }
    html = client.post("/kiosk/fees", data=form).text
    assert re.search(r'name="case_kind" value="property"\s+checked', html)
    assert 'value="6万多"' in html
    assert re.search(r'name="outcome" value="mediation"\s+checked', html)
    assert re.search(r'name="counterclaim"\s+checked', html)
    assert not re.search(r'name="wage_claim"\s+checked', html)
    assert '<option value="京" selected>' in html


def test_empty_choices_mean_the_defaults(client):
    form = {"case_kind": "property", "amount": "八万", "procedure": "", "province": ""}
    page = client.post("/kiosk/fees", data=form)
    assert page.status_code == 200
    assert text_of(page.text, "total") == "共 1,800 元"
    assert re.search(r'name="procedure" value="ordinary"\s+checked', page.text)


@pytest.mark.parametrize(
    "form",
    [
        {"case_kind": "property", "amount": "七八万"},
        {"case_kind": "property"},
        {"case_kind": "property", "amount": ""},
        {"case_kind": "no_such_kind", "amount": "1"},
        {"case_kind": "divorce", "procedure": "small_claims"},
    ],
)
def test_bad_input_gives_a_422_page_with_the_api_chinese_message(client, form):
    api = client.post("/api/v1/fees/estimate", json=form)
    assert api.status_code == 422
    message = api.json["error"]["message"]

    page = client.post("/kiosk/fees", data=form)
    assert page.status_code == 422
    assert page.mimetype == "text/html"
    html = page.text
    assert 'class="error-box" role="alert"' in html
    assert unescape(message) in page_text(html)
    assert "Traceback" not in html
    assert 'id="total"' not in html
    assert '<form class="panel fee-form"' in html


def test_a_missing_amount_points_at_the_amount_field(client):
    html = client.post("/kiosk/fees", data={"case_kind": "property"}).text
    assert "请填写诉讼请求金额" in html
    assert 'href="#field-amount"' in html
    assert 'aria-invalid="true"' in html


def test_script_in_the_amount_comes_back_escaped(client):
    attack = "<script>alert(1)</script>"
    page = client.post("/kiosk/fees", data={"case_kind": "property", "amount": attack})
    assert page.status_code == 422
    html = page.text
    assert only_own_scripts(html)
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_script_in_a_choice_comes_back_escaped(client):
    attack = '"><script>alert(1)</script>'
    page = client.post("/kiosk/fees", data={"case_kind": attack, "amount": "1"})
    assert page.status_code == 422
    assert only_own_scripts(page.text)


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/kiosk/fees", None),
        ("post", "/kiosk/fees", {"case_kind": "property", "amount": "八万"}),
        ("post", "/kiosk/fees", {"case_kind": "property", "amount": "七八万"}),
        ("get", "/kiosk/fees/relief", None),
        ("post", "/kiosk/fees/relief", {"circumstances": ["claiming_support"]}),
    ],
)
def test_pages_use_no_external_urls_and_their_css_loads(client, method, path, data):
    page = getattr(client, method)(path, data=data)
    html = page.text
    assert "http://" not in html and "https://" not in html
    assert only_own_scripts(html)
    assert '<html lang="zh-CN">' in html
    assert 'name="viewport"' in html
    assert 'href="/kiosk/fees"' in html
    assert page.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets == ["/kiosk/static/kiosk.css"]
    css = client.get(stylesheets[0])
    assert css.status_code == 200
    assert css.mimetype == "text/css"


def test_css_is_touch_sized_responsive_printable_and_uses_system_fonts(client):
    css = client.get("/kiosk/static/kiosk.css").text
    assert "font-size: 24px" in css
    assert "min-height: 64px" in css
    assert "@media (orientation: landscape)" in css
    assert "@media print" in css and "size: A4" in css
    assert '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif' in css
    assert ":focus-visible" in css
    assert "@font-face" not in css and "@import" not in css and "url(" not in css


def test_header_names_the_service_hall(client, app):
    html = client.get("/kiosk/fees").text
    assert app.extensions["court.settings"].SERVICE_HALL in html


def test_relief_form_lists_every_circumstance_and_links_to_the_fee_page(client):
    html = client.get("/kiosk/fees/relief").text
    for code, ground in GROUNDS.items():
        assert f'value="{code}"' in html
        assert ground.label in html
    assert re.search(r'name="applicant" value="natural_person"\s*checked', html)
    assert 'value="organization"' in html
    assert 'href="/kiosk/fees"' in html
    assert 'href="/kiosk/fees/relief"' in client.get("/kiosk/fees").text


def test_relief_for_claiming_support_offers_exemption_with_basis(client):
    form = {"applicant": "natural_person", "circumstances": ["claiming_support"]}
    api = client.post("/api/v1/fees/relief", json=form).json
    page = client.post("/kiosk/fees/relief", data=form)
    assert page.status_code == 200
    text = page_text(page.text)
    assert "免交" in text
    assert "依据：《诉讼费用交纳办法》第四十五条第（二）项" in text
    for entry in api["materials"] + api["timing"]:
        assert f"{entry['text']}依据：{entry['basis']}" in text.replace(" ", "")
    assert re.search(r'value="claiming_support"\s*checked', page.text)


def test_relief_for_disaster_hardship_states_the_thirty_percent_rule(client):
    page = client.post("/kiosk/fees/relief", data={"circumstances": "disaster_hardship"})
    text = page_text(page.text)
    assert "减交" in text
    assert "准予减交的，减交比例不得低于30%" in text
    assert "依据：《诉讼费用交纳办法》第四十六条第二款" in text


def test_relief_for_an_organization_explains_the_refusal(client):
    form = {"applicant": "organization", "circumstances": ["disabled_without_income"]}
    text = page_text(client.post("/kiosk/fees/relief", data=form).text)
    assert "免交只适用于自然人，单位可以申请减交或缓交" in text
    assert "依据：《诉讼费用交纳办法》第四十四条第二款" in text
    assert "残疾人无固定生活来源" in text


def test_relief_with_an_unknown_circumstance_is_a_422_page(client):
    page = client.post("/kiosk/fees/relief", data={"circumstances": "<b>no_such</b>"})
    assert page.status_code == 422
    assert "无法识别的情形" in page.text
    assert "<b>" not in page.text
    assert "Traceback" not in page.text
