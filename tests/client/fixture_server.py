"""A small local HTTP server that answers with given bodies, for the endpoints discogs-service
does not serve yet and for failures a real server will not produce on demand (429s, 500s,
dropped connections). It records every request it gets, so a test can check what the client
sent: method, path, query, headers and body.

Answers are given per (method, path pattern) as a status, a body and headers, or as a
function of the request. Unmatched requests get the API's generic 404.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Seen:
    """A request as the server received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Answer:
    status: int = 200
    body: bytes | str | Any = b""
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


Responder = Callable[[Seen], Answer]
NOT_FOUND = Answer(404, {"message": "The requested resource was not found."})


class FixtureServer:
    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern[str], Responder]] = []
        self.seen: list[Seen] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def answer(self, method: str, pattern: str, answer: Answer | Responder) -> None:
        """Answer requests of ``method`` whose path matches ``pattern`` (whole path)."""
        responder = answer if callable(answer) else (lambda _seen, fixed=answer: fixed)
        self.routes.insert(0, (method, re.compile(pattern), responder))

    def answers(self, method: str, pattern: str, *answers: Answer) -> None:
        """Answer the matching requests with these answers in turn (the last one repeats)."""
        queue = list(answers)

        def next_answer(_seen: Seen) -> Answer:
            return queue.pop(0) if len(queue) > 1 else queue[0]

        self.answer(method, pattern, next_answer)

    def requests(self, method: str | None = None) -> list[Seen]:
        return [seen for seen in self.seen if method is None or seen.method == method]

    def _respond(self, seen: Seen) -> Answer:
        self.seen.append(seen)
        for method, pattern, responder in self.routes:
            if method == seen.method and pattern.fullmatch(seen.path):
                return responder(seen)
        return NOT_FOUND

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fixture = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                url = urlsplit(self.path)
                seen = Seen(
                    self.command,
                    url.path,
                    dict(parse_qsl(url.query, keep_blank_values=True)),
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length),
                )
                answer = fixture._respond(seen)
                if answer.status == 0:  # drop the connection without answering
                    self.close_connection = True
                    self.connection.close()
                    return
                body = answer.encoded()
                self.send_response(answer.status)
                headers = {"Content-Type": "application/json", **answer.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> FixtureServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@contextmanager
def fixture_server() -> Iterator[FixtureServer]:
    with FixtureServer() as server:
        yield server
