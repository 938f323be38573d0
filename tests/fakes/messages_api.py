"""A scripted Anthropic Messages API peer: `POST /v1/messages` over plain HTTP on localhost.

The real `anthropic` client talks to it through `base_url`; nothing mocks the SDK. A test gives a
script: a function from the request (its JSON body and how many requests came before) to a
`Reply`, the assistant message or an API error the peer answers with. Every request is recorded
(headers and body) so a test can assert on what the model would have seen.

Wire shapes follow the Messages API reference (https://docs.anthropic.com/en/api/messages):
a message is `{"id", "type": "message", "role": "assistant", "model", "content": [blocks],
"stop_reason", "stop_sequence", "usage": {"input_tokens", "output_tokens",
"cache_creation_input_tokens", "cache_read_input_tokens"}}`; `tool_use` blocks carry `id`,
`name` and `input`. Errors are `{"type": "error", "error": {"type", "message"}}` with 429
(`rate_limit_error`) or 529 (`overloaded_error`) and a `retry-after` header
(https://docs.anthropic.com/en/api/errors). `retry-after-ms` is the header the SDK reads first
(anthropic/_base_client.py `_parse_retry_after_header`), so tests do not sleep for seconds.

Run standalone for the CLI (`python -m tests.fakes.messages_api --policy explorer`): it prints
its base URL and records requests to `--record` as JSON lines.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}


@dataclass
class Reply:
    """What the peer answers: a message (`content`, `stop_reason`) or an error (`status`)."""

    content: list[dict[str, Any]] = field(default_factory=list)
    stop_reason: str = "end_turn"
    status: int = 200
    message: str = ""
    retry_after_ms: int | None = None


@dataclass
class Recorded:
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def text(self) -> str:
        """The whole request body as JSON text, for "does it contain X" assertions."""
        return json.dumps(self.body)


Script = Callable[[dict[str, Any], int], Reply]


def text(value: str) -> dict[str, Any]:
    return {"type": "text", "text": value}


def tool_use(name: str, tool_input: dict[str, Any], tool_id: str | None = None) -> dict[str, Any]:
    return {"type": "tool_use", "id": tool_id or "", "name": name, "input": tool_input}


def call(name: str, **tool_input: Any) -> Reply:
    """One tool call as the whole reply."""
    return Reply(content=[tool_use(name, tool_input)], stop_reason="tool_use")


def error(status: int, retry_after_ms: int = 5) -> Reply:
    return Reply(status=status, message=ERROR_TYPES.get(status, "api_error"), retry_after_ms=retry_after_ms)


def last_user_content(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The content blocks of the request's last user message (a string becomes one text block)."""
    for message in reversed(body.get("messages", [])):
        if message.get("role") == "user":
            content = message.get("content")
            return [text(content)] if isinstance(content, str) else list(content or [])
    return []


def is_tool_result(body: dict[str, Any]) -> bool:
    return any(block.get("type") == "tool_result" for block in last_user_content(body))


def prompt_text(body: dict[str, Any]) -> str:
    return "\n".join(b.get("text", "") for b in last_user_content(body) if b.get("type") == "text")


def context_of(body: dict[str, Any]) -> dict[str, Any]:
    """The machine-readable context block the agent puts in each wakeup prompt (fenced JSON)."""
    for message in body.get("messages", []):
        if message.get("role") != "user":
            continue
        content = message.get("content")
        blocks = [text(content)] if isinstance(content, str) else content or []
        for block in blocks:
            value = block.get("text", "") if block.get("type") == "text" else ""
            if "```json" in value:
                return dict(json.loads(value.split("```json", 1)[1].split("```", 1)[0]))
    return {}


def explorer(body: dict[str, Any], index: int) -> Reply:
    """A scenario-agnostic model: at each wakeup it reads the first resource it is told exists
    (or notes the time), then calls done; at teardown it calls done at once."""
    if is_tool_result(body):
        return call("done", summary="checked on the resources")
    context = context_of(body)
    if context.get("phase") == "teardown":
        return call("done", summary="nothing more to tear down by hand")
    resources = context.get("resources") or []
    if resources:
        first = resources[0]
        return call("arm_request", method="GET", resource_id=first["id"], api_version=first["api_version"])
    return call("note", text="nothing to look at yet")


def overloaded(body: dict[str, Any], index: int) -> Reply:
    return error(529)


POLICIES: dict[str, Script] = {"explorer": explorer, "overloaded": overloaded}


class MessagesPeer:
    """The peer: `start()`, then `url` is the base URL for `anthropic.Anthropic(base_url=...)`."""

    def __init__(self, script: Script, *, record: Path | None = None, port: int = 0) -> None:
        self.script = script
        self.requests: list[Recorded] = []
        self._record = record
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> MessagesPeer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> MessagesPeer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def answer(
        self, headers: dict[str, str], body: dict[str, Any]
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        with self._lock:
            index = len(self.requests)
            self.requests.append(Recorded(headers, body))
            if self._record is not None:
                with self._record.open("a", encoding="utf-8") as out:
                    out.write(json.dumps({"headers": headers, "body": body}) + "\n")
        reply = self.script(body, index)
        if reply.status != 200:
            extra = {"retry-after": "1"}
            if reply.retry_after_ms is not None:
                extra["retry-after-ms"] = str(reply.retry_after_ms)
            payload = {"type": "error", "error": {"type": reply.message, "message": reply.message}}
            return reply.status, extra, payload
        content = []
        for block in reply.content:
            if block.get("type") == "tool_use" and not block.get("id"):
                block = {**block, "id": f"toolu_{next(self._ids):06d}"}
            content.append(block)
        prompt_chars = len(json.dumps(body))
        cached = any("cache_control" in json.dumps(part) for part in (body.get("system"), body.get("tools")))
        usage = {
            # About four characters per token; what matters is that usage is counted, not its value.
            "input_tokens": prompt_chars // 4,
            "output_tokens": max(1, len(json.dumps(content)) // 4),
            "cache_creation_input_tokens": 0 if index else (prompt_chars // 8 if cached else 0),
            "cache_read_input_tokens": prompt_chars // 8 if cached and index else 0,
        }
        message = {
            "id": f"msg_{index:06d}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model", ""),
            "content": content,
            "stop_reason": reply.stop_reason,
            "stop_sequence": None,
            "usage": usage,
        }
        return 200, {}, message

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                if self.path.split("?", 1)[0].rstrip("/") != "/v1/messages":
                    self._send(
                        404, {}, {"type": "error", "error": {"type": "not_found_error", "message": self.path}}
                    )
                    return
                length = int(self.headers.get("content-length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except json.JSONDecodeError:
                    self._send(
                        400,
                        {},
                        {
                            "type": "error",
                            "error": {"type": "invalid_request_error", "message": "body is not JSON"},
                        },
                    )
                    return
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, extra, payload = peer.answer(headers, body)
                self._send(status, extra, payload)

            def _send(self, status: int, extra: dict[str, str], payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="A scripted Anthropic Messages API peer for offline goal-mode runs."
    )
    parser.add_argument("--policy", choices=sorted(POLICIES), default="explorer")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--record", type=Path, help="append every request here as a JSON line")
    args = parser.parse_args(argv)
    peer = MessagesPeer(POLICIES[args.policy], record=args.record, port=args.port).start()
    print(peer.url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        peer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
