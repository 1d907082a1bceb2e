"""The reverse proxy in front of gunicorn: docker-compose wires it, and a real Caddy running
deploy/Caddyfile refuses oversized bodies, forwards the client's address and keeps secrets out of
its access log."""

import http.client
import http.server
import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import skip_or_fail
from tests.service_support import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
BODY_LIMIT = 12_582_912  # REQUEST_MAX_BYTES's default in easy/settings/base.py and compose


@pytest.fixture(scope="module")
def compose(tmp_path_factory):
    if not shutil.which("docker-compose"):
        skip_or_fail("docker-compose is not installed (Debian package docker-compose)")
    folder = tmp_path_factory.mktemp("compose")
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "deploy", folder / "deploy")
    shutil.copy(ROOT / ".env.example", folder / ".env")
    quiet = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config", "--quiet"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (quiet.returncode, quiet.stderr) == (0, "")
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return yaml.safe_load(result.stdout)["services"]


def test_compose_puts_the_proxy_alone_in_front_of_gunicorn(compose):
    proxy = compose["proxy"]

    published = {
        name: [
            str(p.get("published", "")) if isinstance(p, dict) else p for p in s.get("ports", [])
        ]
        for name, s in compose.items()
    }
    assert proxy["image"] == "caddy:2"
    assert sorted(p for p in published["proxy"] if p) in (
        ["443", "443", "80"],
        ["443:443", "443:443/udp", "80:80"],
    )
    assert published["web"] == []  # gunicorn is reached through the proxy only
    assert any("deploy/Caddyfile:/etc/caddy/Caddyfile" in str(v) for v in proxy["volumes"]) or any(
        isinstance(v, dict) and v.get("target") == "/etc/caddy/Caddyfile" for v in proxy["volumes"]
    )
    assert proxy["environment"]["UPSTREAM"] == "web:8000"
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"


def test_compose_sets_one_trusted_proxy_and_one_body_limit_for_both(compose):
    web, worker, proxy = compose["web"], compose["worker"], compose["proxy"]

    assert web["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    assert web["environment"]["DJANGO_SETTINGS_MODULE"] == "easy.settings.production"
    assert worker["environment"]["DATABASE_URL"] == web["environment"]["DATABASE_URL"]
    assert int(proxy["environment"]["REQUEST_MAX_BYTES"]) == BODY_LIMIT
    assert int(web["environment"]["REQUEST_MAX_BYTES"]) == BODY_LIMIT
    command = web["command"] if isinstance(web["command"], str) else " ".join(web["command"])
    assert "--timeout 60" in command


def test_caddyfile_states_the_body_limit_and_timeouts():
    text = (ROOT / "deploy" / "Caddyfile").read_text()

    assert "max_size {$REQUEST_MAX_BYTES:12582912}" in text
    assert "read_body 60s" in text
    assert "response_header_timeout 90s" in text


# --- A real Caddy with deploy/Caddyfile -----------------------------------------------------


class Upstream(http.server.BaseHTTPRequestHandler):
    """Stands in for gunicorn: records what reached it."""

    seen: list

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._answer(length)

    def do_GET(self):
        self._answer(0)

    def _answer(self, length):
        self.seen.append(
            {"path": self.path, "length": length, "for": self.headers.get("X-Forwarded-For")}
        )
        body = b"upstream"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def caddy(tmp_path_factory):
    binary = shutil.which("caddy")
    if not binary:
        skip_or_fail("caddy is not installed (Debian package caddy)")
    seen: list = []
    handler = type("Handler", (Upstream,), {"seen": seen})
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    home = tmp_path_factory.mktemp("caddy")
    port = free_port()
    log = (home / "caddy.log").open("w")
    process = subprocess.Popen(
        [binary, "run", "--config", str(ROOT / "deploy" / "Caddyfile"), "--adapter", "caddyfile"],
        env={
            "PATH": os.environ["PATH"],
            "HOME": str(home),
            "XDG_DATA_HOME": str(home),
            "XDG_CONFIG_HOME": str(home),
            "SITE_ADDRESS": f"http://127.0.0.1:{port}",
            "UPSTREAM": f"127.0.0.1:{upstream.server_address[1]}",
            "REQUEST_MAX_BYTES": "1000",
            "CADDY_ADMIN": "off",
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            call(port, "GET", "/health/")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail((home / "caddy.log").read_text())
            time.sleep(0.2)
    yield {"port": port, "seen": seen, "log": home / "caddy.log"}
    process.terminate()
    process.wait(timeout=10)
    log.close()
    upstream.shutdown()
    upstream.server_close()


def call(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "text/plain"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def post(port: int, path: str, size: int) -> tuple[int, bytes]:
    return call(port, "POST", path, b"x" * size)


def test_proxy_refuses_a_body_over_the_limit_before_gunicorn_sees_it(caddy):
    caddy["seen"].clear()

    status, _ = post(caddy["port"], "/apply/upload/", 1001)

    assert status == 413
    assert caddy["seen"] == []


def test_proxy_passes_a_body_within_the_limit_with_the_client_address(caddy):
    caddy["seen"].clear()

    status, body = post(caddy["port"], "/apply/upload/", 1000)

    assert (status, body) == (200, b"upstream")
    assert caddy["seen"] == [{"path": "/apply/upload/", "length": 1000, "for": "127.0.0.1"}]


def test_proxy_access_log_never_holds_link_secrets(caddy):
    secret = "rater-secret-token-1234567890"
    for path in (
        f"/references/r/{secret}/",
        f"/documents/{secret}/",
        f"/references/r/{secret}/decline/",
    ):
        call(caddy["port"], "GET", path)

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        entries = [
            json.loads(line)
            for line in caddy["log"].read_text().splitlines()
            if line.startswith("{") and '"http.log.access' in line
        ]
        uris = [e["request"]["uri"] for e in entries]
        if "/references/r/[redacted]/decline/" in uris:
            break
        time.sleep(0.1)

    assert {"/references/r/[redacted]/", "/documents/[redacted]/"} <= set(uris)
    assert "/references/r/[redacted]/decline/" in uris
    assert secret not in caddy["log"].read_text()
