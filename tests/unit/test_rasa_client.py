"""The gateway's Rasa client against real local HTTP servers: round-robin and safe failover."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk_api.channels.rasa import HttpRasaClient, RasaUnavailable, rasa_base_urls
from tools.stack import free_port


class FakeRasaServer:
    """A loopback HTTP server speaking Rasa's REST webhook; records every message it read."""

    def __init__(
        self, name: str, behaviour: str = "answer", keep_alive: bool = False, port: int = 0
    ) -> None:
        self.name = name
        # answer | drop (read, then hang up) | stall | error | garbage | answer_then_hang_up
        self.behaviour = behaviour
        self.received: list[dict[str, object]] = []
        self.connections: list[tuple[str, int]] = []  # the client's address of each request
        self.sockets: list[socket.socket] = []
        self.release = threading.Event()
        self.hung_up = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            # HTTP/1.1 keeps the connection open between requests, as Rasa's server does.
            protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

            def log_message(self, *_args: object) -> None:
                pass

            def setup(self) -> None:
                super().setup()
                server.sockets.append(self.connection)

            def do_GET(self) -> None:
                self._answer(200, b"Hello from Rasa: 3.6")

            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                server.received.append(json.loads(self.rfile.read(length)))
                server.connections.append(self.client_address)
                if server.behaviour == "drop":
                    self.close_connection = True
                    self.connection.close()
                    return
                if server.behaviour == "stall":
                    server.release.wait(30)
                    return
                if server.behaviour == "error":
                    self._answer(500, b"{}")
                    return
                if server.behaviour == "garbage":
                    self._answer(200, b"<html>not json")
                    return
                reply = [{"recipient_id": "x", "text": f"from {server.name}"}]
                self._answer(200, json.dumps(reply).encode())
                if server.behaviour == "answer_then_hang_up":
                    # Answered as kept alive, then closed: how an idle connection times out.
                    self.close_connection = True
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    server.hung_up.set()

            def _answer(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop serving and let any stalled request go."""
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def kill(self) -> None:
        """Stop as a killed process would: the listener and every open connection closed."""
        self.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def servers() -> Iterator[list[FakeRasaServer]]:
    """Servers started by a test, closed after it."""
    started: list[FakeRasaServer] = []
    yield started
    for server in started:
        server.close()


def serve(
    servers: list[FakeRasaServer], name: str, behaviour: str = "answer", keep_alive: bool = False
) -> FakeRasaServer:
    server = FakeRasaServer(name, behaviour, keep_alive)
    servers.append(server)
    return server


def refused_url() -> str:
    """A loopback URL nothing listens on: connecting is refused."""
    return f"http://127.0.0.1:{free_port()}"


def test_one_url_is_one_instance_as_before(servers):
    only = serve(servers, "a")
    client = HttpRasaClient(only.url, timeout=10)
    assert client.send("c1", "你好", {"channel": "kiosk"}) == [
        {"recipient_id": "x", "text": "from a"}
    ]
    assert only.received == [{"sender": "c1", "message": "你好", "metadata": {"channel": "kiosk"}}]


def test_turns_go_round_robin_over_the_instances(servers):
    a, b = serve(servers, "a"), serve(servers, "b")
    client = HttpRasaClient(f"{a.url}, {b.url}/", timeout=10)
    answers = [client.send("c1", f"第{i}句", {})[0]["text"] for i in range(6)]
    assert answers == ["from a", "from b"] * 3
    assert [m["message"] for m in a.received] == ["第0句", "第2句", "第4句"]


def test_a_refused_instance_is_skipped_and_the_turn_sent_once(servers):
    alive = serve(servers, "alive")
    client = HttpRasaClient(f"{refused_url()},{alive.url}", timeout=10)
    for i in range(4):
        assert client.send("c1", f"第{i}句", {})[0]["text"] == "from alive"
    assert [m["message"] for m in alive.received] == [f"第{i}句" for i in range(4)]


def test_all_instances_refusing_is_unavailable():
    client = HttpRasaClient(f"{refused_url()},{refused_url()}", timeout=10)
    with pytest.raises(RasaUnavailable):
        client.send("c1", "你好", {})


@pytest.mark.parametrize(
    ("behaviour", "timeout"),
    [("drop", 10), ("stall", 0.5), ("error", 10), ("garbage", 10)],
    ids=["connection dropped after sending", "read timeout", "server error", "not JSON"],
)
def test_a_turn_that_may_have_reached_rasa_is_not_sent_elsewhere(servers, behaviour, timeout):
    # Rasa may have taken the turn: sending it to another instance could answer it twice.
    reached, other = serve(servers, behaviour, behaviour), serve(servers, "other")
    client = HttpRasaClient(f"{reached.url},{other.url}", timeout=timeout)
    with pytest.raises(RasaUnavailable):
        client.send("c1", "只说一次", {})
    assert len(reached.received) == 1
    assert other.received == []


def test_a_thread_keeps_its_connection_between_turns(servers):
    rasa = serve(servers, "a", keep_alive=True)
    client = HttpRasaClient(rasa.url, timeout=10)
    for i in range(5):
        assert client.send("c1", f"第{i}句", {})[0]["text"] == "from a"
    assert len(set(rasa.connections)) == 1
    assert len(rasa.connections) == 5


def test_a_connection_rasa_closed_while_idle_is_replaced_and_no_turn_lost(servers):
    rasa = serve(servers, "a", "answer_then_hang_up", keep_alive=True)
    client = HttpRasaClient(rasa.url, timeout=10)
    for i in range(4):
        assert client.send("c1", f"第{i}句", {})[0]["text"] == "from a"
        # The next turn comes after the close, as one does after Rasa's idle timeout. (A close
        # at the very moment a turn is written gives the busy message, never a second send.)
        assert rasa.hung_up.wait(5)
        rasa.hung_up.clear()
    assert [m["message"] for m in rasa.received] == [f"第{i}句" for i in range(4)]
    assert len(set(rasa.connections)) == 4


def test_a_turn_after_rasa_restarted_reaches_the_new_process(servers):
    first = serve(servers, "old", keep_alive=True)
    client = HttpRasaClient(first.url, timeout=10)
    assert client.send("c1", "一", {})[0]["text"] == "from old"
    port = first.httpd.server_address[1]
    first.kill()
    with pytest.raises(RasaUnavailable):
        client.send("c1", "二", {})  # nothing listens: the busy message, no hang
    restarted = FakeRasaServer("new", keep_alive=True, port=port)
    servers.append(restarted)
    assert client.send("c1", "三", {})[0]["text"] == "from new"
    assert [m["message"] for m in restarted.received] == ["三"]


def test_instances_answering_counts_only_live_ones(servers):
    alive = serve(servers, "alive")
    client = HttpRasaClient(f"{alive.url},{refused_url()}", timeout=10, ready_timeout=2)
    assert client.instances_answering() == (1, 2)
    assert client.is_reachable()
    assert not HttpRasaClient(refused_url(), timeout=10).is_reachable()


def test_turns_from_many_threads_are_each_delivered_once(servers):
    a, b = serve(servers, "a"), serve(servers, "b")
    client = HttpRasaClient(f"{a.url},{b.url}", timeout=10)
    threads = [threading.Thread(target=client.send, args=(f"c{i}", f"m{i}", {})) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    delivered = sorted(m["message"] for m in a.received + b.received)
    assert delivered == sorted(f"m{i}" for i in range(40))
    assert len(a.received) == len(b.received) == 20


@pytest.mark.parametrize("setting", ["", " , ", "127.0.0.1:5005", "http://a:1,ftp://b"])
def test_a_malformed_rasa_url_is_refused_at_start(setting):
    with pytest.raises(ValueError, match="RASA_URL"):
        rasa_base_urls(setting)
