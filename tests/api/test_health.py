"""Liveness and readiness."""


def test_healthz_answers_without_touching_dependencies(client, fake_rasa):
    fake_rasa.down = True
    assert client.get("/healthz").json == {"status": "ok"}


def test_readyz_is_ready_when_database_and_rasa_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {"database": "ok", "rasa": "ok"}


def test_readyz_reports_rasa_down_with_503_and_chinese_message(client, fake_rasa):
    fake_rasa.down = True
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["rasa"] == "unavailable"
    assert "服务" in response.json["error"]["message"]


def test_readyz_reports_an_unreachable_database_without_a_500(fake_rasa):
    from kiosk_api.app import create_app

    app = create_app({"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}, rasa=fake_rasa)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "unavailable"


def test_readyz_counts_the_rasa_instances_answering_without_naming_them(database_url):
    from kiosk_api.app import create_app
    from tools.stack import free_port

    nowhere = [f"http://127.0.0.1:{free_port()}" for _ in range(2)]
    app = create_app({"DATABASE_URL": database_url, "RASA_URL": ",".join(nowhere)})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["rasa"] == "unavailable"
    assert response.json["rasa_instances"] == {"answering": 0, "configured": 2}
    assert "127.0.0.1" not in response.get_data(as_text=True)
    app.extensions["court.engine"].dispose()
