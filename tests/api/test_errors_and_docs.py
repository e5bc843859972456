"""The JSON error model, request ids, and the self-hosted API docs."""

import logging
import re


def test_unknown_paths_and_methods_answer_in_the_error_model(client):
    assert client.get("/api/v1/nothing").json["error"]["code"] == "not_found"
    response = client.get("/api/v1/chat")
    assert response.status_code == 405
    assert response.json["error"]["message"] == "不支持该请求方式"


def test_an_unexpected_failure_is_a_chinese_500_without_a_trace(app, caplog):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals 13800138001")

    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "12368" in response.json["error"]["message"]
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_every_response_carries_a_request_id_and_a_given_one_is_kept(client):
    assert re.fullmatch(r"[0-9a-f]{16}", client.get("/healthz").headers["X-Request-ID"])
    given = client.get("/healthz", headers={"X-Request-ID": "kiosk-7-abcdef12"})
    assert given.headers["X-Request-ID"] == "kiosk-7-abcdef12"
    forged = client.get("/healthz", headers={"X-Request-ID": "x'); DROP TABLE cases;--"})
    assert re.fullmatch(r"[0-9a-f]{16}", forged.headers["X-Request-ID"])


def test_log_lines_carry_the_request_id_and_no_personal_data(client, caplog):
    with caplog.at_level(logging.INFO):
        client.post(
            "/api/v1/chat",
            json={"sender": "13800138001", "message": "身份证44030419900307123X", "channel": "sms"},
            headers={"X-Request-ID": "trace-me-1234"},
        )
    access = [r for r in caplog.records if r.name == "kiosk_api.access"]
    assert [r.request_id for r in access] == ["trace-me-1234"]
    assert access[0].getMessage().startswith("POST /api/v1/chat 200")
    assert "13800138001" not in caplog.text and "44030419900307123X" not in caplog.text


def test_openapi_documents_every_api_route(app, client):
    spec = client.get("/openapi.json").json
    assert spec["openapi"].startswith("3.")
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") or rule.rule in ("/healthz", "/readyz")
    }
    assert routes <= set(spec["paths"]), routes - set(spec["paths"])


def test_docs_page_loads_its_assets_from_this_server_not_a_cdn(client):
    page = client.get("/docs").get_data(as_text=True)
    assert "http://" not in page and "https://" not in page
    for asset in re.findall(r'(?:src|href)="(/docs/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200
