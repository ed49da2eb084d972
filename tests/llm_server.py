"""A loopback HTTP server that speaks enough of the Chat Completions API to test the model writer."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer: an assistant message, or an error status with headers and a body."""

    content: str | dict | None = None  # a dict is sent as its JSON text
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    error: str = ""  # the error message of a non-200 answer
    delay: float = 0.0  # seconds before answering (a timeout test waits longer than the client)
    finish_reason: str = "stop"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256  # a burst of 32 connections must not overflow the listen backlog


class ChatServer:
    """Answers POST /v1/chat/completions from a script, then a default; records every request."""

    def __init__(
        self,
        *replies: Reply,
        default: Reply | None = None,
        responder: Callable[[dict], Reply] | None = None,
        delay: float = 0.0,
        capacity: int | None = None,
    ):
        self.script = list(replies)
        self.default = default
        self.responder = responder
        self.delay = delay
        self.requests: list[dict[str, Any]] = []  # {"path", "headers", "json"}
        self.peak = 0  # most requests being answered at once
        self._busy = 0
        self._lock = threading.Lock()
        # The server's own limit: requests beyond it wait their turn, as a GPU server's batch does.
        self._capacity = threading.BoundedSemaphore(capacity) if capacity else None
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in two writes; no 40 ms stall

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                owner._answer(self)

            def do_GET(self) -> None:  # noqa: N802
                owner._stats(self)

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        # A short poll keeps shutdown (once per test) quick.
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def messages(self) -> list[list[dict]]:
        """The messages of every request received, in order."""
        return [r["json"].get("messages", []) for r in self.requests]

    def _next(self, request: dict) -> Reply:
        with self._lock:
            if self.script:
                return self.script.pop(0)
        if self.responder is not None:
            return self.responder(request)
        return self.default or Reply(status=500, error="the script ran out")

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length)
        try:
            request = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            request = {}
        with self._lock:
            self.requests.append({"path": handler.path, "headers": dict(handler.headers), "json": request})
        if self._capacity:
            self._capacity.acquire()
        try:
            with self._lock:
                self._busy += 1
                self.peak = max(self.peak, self._busy)
            reply = self._next(request)
            time.sleep(self.delay + reply.delay)
            status, body = self._body(reply, request)
        finally:
            with self._lock:
                self._busy -= 1
            if self._capacity:
                self._capacity.release()
        data = json.dumps(body).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer

    def _stats(self, handler: BaseHTTPRequestHandler) -> None:
        """GET /stats: requests and peak concurrency, for a server in another process; ?reset=1 zeroes."""
        with self._lock:
            data = json.dumps({"requests": len(self.requests), "peak": self.peak}).encode()
            if "reset=1" in handler.path:
                self.requests.clear()
                self.peak = 0
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    @staticmethod
    def _body(reply: Reply, request: dict) -> tuple[int, dict]:
        if reply.status != 200:
            return reply.status, {
                "error": {"message": reply.error or "error", "type": "server_error", "code": None}
            }
        content = reply.content if isinstance(reply.content, str | None) else json.dumps(reply.content)
        prompt = len(json.dumps(request.get("messages", [])))
        return 200, {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "test-model"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": reply.finish_reason,
                }
            ],
            # Roughly four characters a token, as tokenizers for English go.
            "usage": {
                "prompt_tokens": prompt // 4,
                "completion_tokens": len(content or "") // 4,
                "total_tokens": prompt // 4 + len(content or "") // 4,
            },
        }
