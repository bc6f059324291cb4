"""`proxywatch serve`: binds loopback by default, reads need no token, writes only with PROXYWATCH_TOKEN."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from proxywatch.store import Store

pytest.importorskip(
    "uvicorn", reason="proxywatch serve needs the serve extra: pip install 'proxywatch[serve]'"
)
pytest.importorskip(
    "fastapi", reason="proxywatch serve needs the serve extra: pip install 'proxywatch[serve]'"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(db: str, port: int, token: str | None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "PROXYWATCH_TOKEN"}
    if token:
        env["PROXYWATCH_TOKEN"] = token
    cli = "from proxywatch.cli import app; app()"
    command = [sys.executable, "-c", cli, "serve", "--db", db, "--port", str(port)]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_up(process: subprocess.Popen[str], port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited: {process.stderr.read() if process.stderr else ''}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("serve did not start")


def listening_addresses(port: int) -> set[str] | None:
    """IPv4 addresses listening on ``port``, from the kernel's socket table (``None`` off Linux)."""
    table = Path("/proc/net/tcp")
    if not table.exists():
        return None
    found = set()
    for line in table.read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, _, hex_port = local.partition(":")
        if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


@pytest.fixture
def database(serve_store: Store) -> Iterator[str]:
    url = serve_store.url
    serve_store.close()  # DuckDB admits one writer process: the server's
    yield url


@pytest.mark.parametrize("token", [None, "cli-token"])
def test_serve_binds_loopback_and_guards_writes(database: str, token: str | None) -> None:
    port = free_port()
    process = start(database, port, token)
    try:
        wait_up(process, port)
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/api/incidents").json()["items"][0]["id"] == "inc1"
        headers = {"Authorization": "Bearer cli-token"}
        review = httpx.post(f"{base}/api/incidents/inc1/review", json={"action": "confirm"}, headers=headers)
        assert review.status_code == (200 if token else 403)
        assert listening_addresses(port) in ({"127.0.0.1"}, None)
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=15)
    assert f"http://127.0.0.1:{port}/" in out
    assert ("enabled" if token else "disabled") in out


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    process = start(str(tmp_path / "nothing.duckdb"), free_port(), None)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "no such database" in err
    assert not (tmp_path / "nothing.duckdb").exists()
