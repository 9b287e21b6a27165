"""A small OpenAI-compatible chat-completions server for tests (127.0.0.1, free port).

It speaks the real wire protocol (JSON and ``text/event-stream`` chunks ending in
``data: [DONE]``), records every request body, and plays a script of failures first
(``429``, ``500``, ``"slow"``) before answering normally.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class ChatServerState:
    reply: str = "Reels reach people who do not follow you yet [1]."
    script: list[int | str] = field(default_factory=list)
    """Consumed one per request: an HTTP status to fail with, or ``"slow"``."""
    slow_seconds: float = 2.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler(state: ChatServerState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _json(self, status: int, payload: dict[str, Any], headers: dict[str, str]) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            with state.lock:
                state.requests.append(
                    {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                )
                step = state.script.pop(0) if state.script else None
            if self.path != "/v1/chat/completions":
                self._json(
                    404, {"error": {"message": "not found", "type": "invalid_request_error"}}, {}
                )
                return
            if step == "slow":
                time.sleep(state.slow_seconds)
            elif isinstance(step, int):
                kind = "rate_limit_exceeded" if step == 429 else "server_error"
                self._json(
                    step,
                    {"error": {"message": f"scripted {step}", "type": kind, "code": kind}},
                    {"retry-after-ms": "10"},
                )
                return
            if body.get("stream"):
                self._stream(body)
            else:
                self._json(200, self._completion(body), {})

        def _completion(self, body: dict[str, Any]) -> dict[str, Any]:
            return {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": 0,
                "model": body.get("model", "test"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": state.reply},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
            }

        def _stream(self, body: dict[str, Any]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            words = state.reply.split(" ")
            pieces = [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
            for i, piece in enumerate([*pieces, None]):
                delta: dict[str, Any] = {} if piece is None else {"content": piece}
                if i == 0:
                    delta["role"] = "assistant"
                chunk = {
                    "id": "chatcmpl-test",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": body.get("model", "test"),
                    "choices": [
                        {"index": 0, "delta": delta, "finish_reason": None if piece else "stop"}
                    ],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self.close_connection = True

    return Handler


@contextmanager
def running_chat_server(state: ChatServerState) -> Iterator[str]:
    """Serve on 127.0.0.1 and a free port; yields the base URL including ``/v1``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="chat-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
