"""Shared pieces of the operations tests: a small content pack, a clean environment, fake platforms."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.config import VARIABLES

DISCORD_TOKEN = "MTA1NjQ1NjY3ODkwMTIzNDU2Nw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"
SLACK_TOKEN = "xoxb-1111-2222-abcdefABCDEF"

PACK_YAML = """\
id: ops-basics
title: Operations test pack
version: "1.0.0"
license: CC-BY-4.0
source: written for the studybot tests
questions:
  - id: ops-dropout
    prompt: What does dropout do during training?
    difficulty: intermediate
    topics: [regularization]
    answer: Dropout randomly zeroes activations during training, which reduces overfitting.
    key_points:
      - text: randomly zeroes activations
        phrases: [randomly zeroes activations, randomly drops units, drops neurons at random]
      - text: reduces overfitting
        phrases: [reduces overfitting, regularizes, prevents overfitting]
  - id: ops-relu
    prompt: Why is ReLU popular as an activation function?
    difficulty: beginner
    topics: [activations]
    answer: ReLU is cheap to compute and does not saturate for positive inputs, easing vanishing gradients.
    key_points:
      - text: cheap to compute
        phrases: [cheap to compute, fast to compute, simple max with zero]
      - text: no saturation for positive inputs
        phrases: [does not saturate, no saturation, avoids vanishing gradients]
"""


def write_pack(directory: Path, text: str = PACK_YAML) -> Path:
    """A content directory holding one pack file."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "ops-basics.yaml").write_text(text)
    return directory


def clean_environment(monkeypatch: pytest.MonkeyPatch, cwd: Path, **values: str) -> None:
    """Only the given studybot variables are set, and no .env from the developer's machine is read."""
    for var in VARIABLES:
        monkeypatch.delenv(var.name, raising=False)
    monkeypatch.chdir(cwd)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


Handler = Callable[[str, str, dict[str, str]], tuple[int, dict]]


@contextmanager
def fake_platform(handler: Handler, delay: float = 0.0) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering every request with `handler(method, path, headers)`.

    Yields its base URL. `delay` makes each answer late (for timeout tests).
    """

    class Serve(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            if delay:
                time.sleep(delay)
            status, body = handler(self.command, self.path, dict(self.headers))
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Serve)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """A loopback URL nothing listens on (the port was bound and released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
