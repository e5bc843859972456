"""The 17 risks of the 民事诉讼风险提示书, stated under the texts in force."""

from kiosk_api.domain.litigation_risks import RISK_NOTICES, Risk


def test_all_seventeen_risks_in_the_notices_order():
    assert list(RISK_NOTICES) == list(Risk)
    assert len(RISK_NOTICES) == 17


def test_each_risk_has_a_chinese_title_a_statement_and_a_basis():
    for notice in RISK_NOTICES.values():
        assert notice.title and notice.statement and notice.basis
        assert all(b.cite().startswith("《") for b in notice.basis)


def test_the_limitation_period_is_three_years_not_the_2003_texts_two():
    notice = RISK_NOTICES[Risk.LIMITATION]
    assert "三年" in notice.statement and "二年" not in notice.statement
    assert notice.basis[0].cite() == "《民法典》第一百八十八条第一款"


def test_non_performance_cites_double_delay_interest():
    assert "《民事诉讼法》第二百六十四条" in [
        b.cite() for b in RISK_NOTICES[Risk.NON_PERFORMANCE].basis
    ]
