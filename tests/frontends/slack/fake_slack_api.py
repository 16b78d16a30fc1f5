"""A loopback fake of Slack for tests: Web API, response URLs, file uploads and a Socket Mode websocket."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp
from aiohttp import web

SIGNING_SECRET = "test-signing-secret"


@dataclass
class Call:
    """One Web API call as Slack would have received it."""

    method: str
    params: dict[str, Any]
    token: str | None
    result: dict[str, Any] = field(default_factory=dict)


@dataclass
class FakeSlack:
    """Records every call; `tokens` maps bot tokens to team ids; admins are user ids."""

    tokens: dict[str, str] = field(default_factory=lambda: {"xoxb-T1": "T1"})
    admins: set[str] = field(default_factory=set)
    locales: dict[str, str] = field(default_factory=dict)  # users.info `locale` by user id (else en-US)
    refuse_ephemeral: set[str] = field(default_factory=set)
    refuse_dms: set[str] = field(default_factory=set)  # users who turned off the app's messages tab
    refuse_uploads: bool = False  # files.getUploadURLExternal answers as for a workspace without files
    rate_limits: dict[str, int] = field(default_factory=dict)  # method -> 429s still to send
    refuse_views: int = 0  # views.publish calls still to answer invalid_blocks
    oauth_codes: dict[str, str] = field(default_factory=dict)  # code -> team id
    calls: list[Call] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[bytes] = field(default_factory=list)
    throttled: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._ts = itertools.count(1)
        self._changed = asyncio.Event()
        self._sockets: list[web.WebSocketResponse] = []
        self._acks: dict[str, asyncio.Future] = {}
        self._runner: web.AppRunner | None = None
        self.base = ""

    # --- server ---------------------------------------------------------------------------
    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{id}", self._respond)
        app.router.add_post("/upload/{id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str = "1") -> str:
        return f"{self.base}/respond/{name}"

    def _note(self) -> None:
        self._changed.set()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        body = await request.read()
        if body:
            if request.content_type == "application/json":
                params.update(json.loads(body))
            else:
                params.update(dict(parse_qsl(body.decode())))
        for key in ("blocks", "view"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip() or params.get("token")
        if self.rate_limits.get(method, 0) > 0:
            self.rate_limits[method] -= 1
            self.throttled.append(method)
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": "0"})
        result = self._answer(method, params, token)
        self.calls.append(Call(method, params, token, result))
        self._note()
        return web.json_response(result)

    def _answer(self, method: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        team = self.tokens.get(token or "")
        if method == "apps.connections.open":
            return {"ok": True, "url": self.base.replace("http", "ws") + "/socket"}
        if method == "oauth.v2.access":
            team_id = self.oauth_codes.get(str(params.get("code")))
            if team_id is None:
                return {"ok": False, "error": "invalid_code"}
            token = f"xoxb-{team_id}"
            self.tokens[token] = team_id
            return {"ok": True, "access_token": token, "token_type": "bot", "scope": "commands,chat:write",
                    "bot_user_id": f"UBOT{team_id}", "app_id": "A1",
                    "team": {"id": team_id, "name": f"Team {team_id}"}, "authed_user": {"id": "UINSTALLER"}}
        if team is None:
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return {"ok": True, "team_id": team, "user_id": f"UBOT{team}", "bot_id": f"BBOT{team}",
                    "team": f"Team {team}", "url": "https://example.invalid/"}
        if method == "chat.postMessage" and str(params.get("channel", ""))[1:] in self.refuse_dms:
            return {"ok": False, "error": "messages_tab_disabled"}
        if method == "views.publish" and self.refuse_views > 0:
            self.refuse_views -= 1
            return {"ok": False, "error": "invalid_blocks"}
        if method in ("chat.postMessage", "chat.update"):
            ts = params.get("ts") or f"{1_700_000_000 + next(self._ts)}.000100"
            return {"ok": True, "channel": params.get("channel"), "ts": ts}
        if method == "chat.postEphemeral":
            if params.get("channel") in self.refuse_ephemeral:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "message_ts": f"{1_700_000_000 + next(self._ts)}.000200"}
        if method == "users.info":
            user = str(params.get("user"))
            profile: dict[str, Any] = {"id": user, "name": user, "is_admin": user in self.admins}
            if str(params.get("include_locale", "")).lower() in ("1", "true"):
                profile["locale"] = self.locales.get(user, "en-US")
            return {"ok": True, "user": profile}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{params.get('users')}"}}
        if method == "files.getUploadURLExternal" and self.refuse_uploads:
            return {"ok": False, "error": "not_allowed_token_type"}
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.base}/upload/F1", "file_id": "F1"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F1", "title": "export"}]}
        return {"ok": True}

    async def _respond(self, request: web.Request) -> web.Response:
        self.responses.append(await request.json())
        self._note()
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads.append(await request.read())
        return web.Response(text="OK - 1")

    # --- Socket Mode ------------------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                      "connection_info": {"app_id": "A1"}}))
        self._note()
        async for message in ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                data = json.loads(message.data)
                future = self._acks.get(str(data.get("envelope_id")))
                if future is not None and not future.done():
                    future.set_result(data)
        if ws in self._sockets:
            self._sockets.remove(ws)
        return ws

    async def deliver(self, kind: str, payload: dict[str, Any], timeout: float = 5.0) -> dict[str, Any]:
        """Send one Socket Mode envelope and wait for the app's ack."""
        await self.wait(lambda: bool(self._sockets), timeout)
        envelope_id = f"env-{next(self._ts)}"
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._acks[envelope_id] = future
        await self._sockets[-1].send_str(json.dumps({
            "envelope_id": envelope_id, "type": kind, "payload": payload,
            "accepts_response_payload": kind != "events_api", "retry_attempt": 0,
        }))
        return await asyncio.wait_for(future, timeout)

    # --- assertions -------------------------------------------------------------------------
    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait(self, condition: Any, timeout: float = 5.0) -> None:
        """Wait until `condition()` is true (checked after every recorded request)."""
        deadline = time.monotonic() + timeout
        while not condition():
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("the fake Slack did not see what the test waited for")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 0.05))


def sign(body: bytes, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 request signature headers for `body`."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def command_body(command: str, text: str, *, user: str = "U1", channel: str = "C1", team: str = "T1",
                 response_url: str = "") -> dict[str, str]:
    """A slash command payload as Slack posts it."""
    return {"token": "legacy", "team_id": team, "team_domain": team.lower(), "channel_id": channel,
            "channel_name": "general", "user_id": user, "user_name": user.lower(), "command": command,
            "text": text, "api_app_id": "A1", "response_url": response_url, "trigger_id": "trig-1"}


def form(data: dict[str, str]) -> bytes:
    return urlencode(data).encode()


def interaction(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()
