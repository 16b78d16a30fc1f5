"""A loopback fake of Discord for end-to-end tests: REST under /api/v10 and a websocket gateway.

It listens on 127.0.0.1 on an ephemeral port. The real discord.py client logs in against it,
receives HELLO, READY and GUILD_CREATE, syncs commands, and gets INTERACTION_CREATE events the tests
dispatch. Every request is recorded so tests can assert on exactly what the bot sent. Rate limits
can be injected: a 429 carries `Via` and a JSON `retry_after`, which is what makes discord.py retry.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import discord_payloads as p
from aiohttp import WSMsgType, web

JSON = "application/json"  # exactly: discord.py parses JSON only for this content type


@dataclass
class Call:
    method: str
    path: str
    body: Any
    at: float
    status: int = 200
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class RateLimit:
    method: str
    pattern: re.Pattern[str]
    remaining: int
    retry_after: float


class FakeDiscord:
    """Start with `await fake.start()`; point DISCORD_API_BASE / DISCORD_GATEWAY_URL at it."""

    def __init__(self, *, message_content_granted: bool = False, guilds: list[dict] | None = None,
                 token: str | None = None) -> None:
        self.token = token  # when set, REST calls with another bot token get 401
        self.app_flags = (1 << 19) if message_content_granted else 0
        self.guilds = guilds or [p.guild(p.GUILD_ID, "Study Group", [p.text_channel(p.CHANNEL_ID, p.GUILD_ID,
                                                                                     "daily-question")])]
        self.calls: list[Call] = []
        self.commands: dict[str, list[dict]] = {}
        self.messages: dict[int, dict] = {}
        self.threads: dict[int, dict] = {}
        self.reactions: list[tuple[int, int, str]] = []
        self.replies: dict[str, list[dict]] = {}
        self.identify: dict | None = None
        self.shards: list[tuple[int, int] | None] = []  # the shard each gateway connection identified as
        self.rate_limits: list[RateLimit] = []
        self.limited: list[Call] = []
        self.closed_dms: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle --------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # --- gateway ----------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            if frame["op"] == 1:
                await ws.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
            elif frame["op"] == 2:
                self.identify = frame["d"]
                shard = frame["d"].get("shard")
                self.shards.append(tuple(shard) if shard else None)
                guilds = [g for g in self.guilds if not shard or (int(g["id"]) >> 22) % shard[1] == shard[0]]
                await self.dispatch("READY", {
                    "v": 10, "user": p.BOT_USER, "session_id": "fake-session",
                    "guilds": [{"id": g["id"], "unavailable": True} for g in guilds],
                    "resume_gateway_url": self.gateway_url,
                    "application": {"id": str(p.APP_ID), "flags": self.app_flags},
                    **({"shard": list(shard)} if shard else {}),
                }, ws)
                for guild in guilds:
                    await self.dispatch("GUILD_CREATE", guild, ws)
        return ws

    def _background(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def dispatch(self, event: str, data: dict, ws: web.WebSocketResponse | None = None) -> None:
        """Send a gateway event to the connected client (to `ws`, one shard's connection, when given)."""
        ws = ws or self._ws
        if ws is None or ws.closed:
            raise AssertionError("no client is connected to the fake gateway")
        self._seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    # --- REST -------------------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = await self._body(request)
        call = Call(request.method, path, body, time.monotonic(), files=files)
        self.calls.append(call)
        if self.token and request.headers.get("Authorization") not in (None, f"Bot {self.token}"):
            call.status = 401
            return self._json({"message": "401: Unauthorized", "code": 0}, 401)
        for rule in self.rate_limits:
            if rule.remaining > 0 and rule.method == request.method and rule.pattern.fullmatch(path):
                rule.remaining -= 1
                call.status = 429
                self.limited.append(call)
                return self._json({"message": "You are being rate limited.", "retry_after": rule.retry_after,
                                   "global": False}, 429, {"Via": "1.1 google", "X-RateLimit-Scope": "user"})
        for method, pattern, handler in self._routes():
            match = re.fullmatch(pattern, path)
            if method == request.method and match:
                status, data = handler(body, *match.groups())
                call.status = status
                return self._json(data, status) if data is not None else web.Response(status=status)
        call.status = 404
        return self._json({"message": f"fake Discord has no route {request.method} {path}", "code": 0}, 404)

    async def _body(self, request: web.Request) -> tuple[Any, dict[str, bytes]]:
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            files = {v.filename: v.file.read() for k, v in form.items() if hasattr(v, "file")}
            return json.loads(str(form.get("payload_json") or "{}")), files
        raw = await request.text()
        return (json.loads(raw) if raw else None), {}

    @staticmethod
    def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
        return web.Response(body=json.dumps(data).encode(), status=status,
                            headers={"Content-Type": JSON, **(headers or {})})

    def _routes(self) -> list[tuple[str, str, Callable[..., tuple[int, Any]]]]:
        return [
            ("GET", r"/users/@me", lambda b: (200, p.BOT_USER)),
            ("GET", r"/oauth2/applications/@me", self._application),
            ("PUT", r"/applications/(\d+)/commands", lambda b, app: self._sync("global", b)),
            ("PUT", r"/applications/(\d+)/guilds/(\d+)/commands", lambda b, app, g: self._sync(g, b)),
            ("POST", r"/channels/(\d+)/messages", self._create_message),
            ("PATCH", r"/channels/(\d+)/messages/(\d+)", self._edit_message),
            ("POST", r"/channels/(\d+)/messages/(\d+)/threads", self._create_thread),
            ("PUT", r"/channels/(\d+)/messages/(\d+)/reactions/([^/]+)/@me", self._react),
            ("POST", r"/users/@me/channels", self._dm_channel),
            ("POST", r"/interactions/(\d+)/([^/]+)/callback", self._callback),
            ("POST", r"/webhooks/(\d+)/([^/]+)", self._followup),
            ("PATCH", r"/webhooks/(\d+)/([^/]+)/messages/([^/]+)", self._edit_followup),
        ]

    def _application(self, body: Any) -> tuple[int, Any]:
        return 200, {"id": str(p.APP_ID), "name": "studybot", "description": "", "icon": None,
                     "bot_public": True, "bot_require_code_grant": False, "verify_key": "00",
                     "owner": p.user(p.ADMIN_ID, "owner"), "flags": self.app_flags, "team": None}

    def _dm_channel(self, body: dict) -> tuple[int, Any]:
        recipient = int(body["recipient_id"])
        if recipient in self.closed_dms:
            return 403, {"message": "Cannot send messages to this user", "code": 50007}
        return 200, {"id": str(recipient + 1), "type": 1, "recipients": [p.user(recipient, "member")]}

    def _sync(self, scope: str, body: list[dict]) -> tuple[int, Any]:
        self.commands[scope] = body
        return 200, [{**c, "id": str(p.snowflake()), "application_id": str(p.APP_ID), "version": "1"}
                     for c in body]

    def _guild_of(self, channel_id: int) -> int | None:
        for g in self.guilds:
            if any(c["id"] == str(channel_id) for c in g["channels"]):
                return int(g["id"])
        thread = self.threads.get(channel_id)
        return int(thread["guild_id"]) if thread else None

    def _create_message(self, body: dict, channel: str) -> tuple[int, Any]:
        if body.get("enforce_nonce") and body.get("nonce"):
            for earlier in self.posts_in(int(channel)):
                if earlier.get("nonce") == body["nonce"]:
                    return 200, earlier
        msg = p.message(int(channel), self._guild_of(int(channel)), body)
        if body.get("nonce"):
            msg["nonce"] = body["nonce"]
        self.messages[int(msg["id"])] = msg
        return 200, msg

    def _edit_message(self, body: dict, channel: str, message_id: str) -> tuple[int, Any]:
        msg = self.messages.get(int(message_id))
        if msg is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        msg.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
        msg["edited_timestamp"] = p.now_iso()
        return 200, msg

    def _create_thread(self, body: dict, channel: str, message_id: str) -> tuple[int, Any]:
        if int(message_id) in self.threads:
            return 400, {"message": "A thread has already been created for this message", "code": 160004}
        guild_id = self._guild_of(int(channel)) or 0
        thread = p.thread_channel(int(message_id), int(channel), guild_id, body["name"])
        self.threads[int(message_id)] = thread
        self._background(self.dispatch("THREAD_CREATE", {**thread, "newly_created": True}))
        return 201, thread

    def _react(self, body: Any, channel: str, message_id: str, emoji: str) -> tuple[int, Any]:
        self.reactions.append((int(channel), int(message_id), unquote(emoji)))
        return 204, None

    def _callback(self, body: dict, interaction_id: str, token: str) -> tuple[int, Any]:
        kind = body["type"]
        data = body.get("data") or {}
        self.replies.setdefault(token, []).append({"kind": kind, "data": data})
        reply: dict[str, Any] = {"interaction": {"id": interaction_id, "type": 2}, "resource": {"type": kind}}
        if kind in (4, 5):
            msg = p.message(p.CHANNEL_ID, None, data)
            self.messages[int(msg["id"])] = msg
            reply["interaction"].update(response_message_id=msg["id"], response_message_loading=kind == 5,
                                        response_message_ephemeral=bool(int(data.get("flags") or 0) & 64))
            reply["resource"]["message"] = msg
        return 200, reply

    def _followup(self, body: dict, app: str, token: str) -> tuple[int, Any]:
        self.replies.setdefault(token, []).append({"kind": "followup", "data": body})
        msg = p.message(p.CHANNEL_ID, None, body)
        self.messages[int(msg["id"])] = msg
        return 200, msg

    def _edit_followup(self, body: dict, app: str, token: str, message_id: str) -> tuple[int, Any]:
        self.replies.setdefault(token, []).append({"kind": "edit", "data": body})
        return 200, p.message(p.CHANNEL_ID, None, body)

    # --- what tests use ---------------------------------------------------------------------------
    def rate_limit(self, method: str, pattern: str, times: int = 1, retry_after: float = 0.3) -> None:
        """Answer the next `times` matching requests with 429 (retry_after seconds, `Via` set)."""
        self.rate_limits.append(RateLimit(method, re.compile(pattern), times, retry_after))

    def posts_in(self, channel_id: int) -> list[dict]:
        """Messages the bot created in a channel (or thread), oldest first."""
        return [m for m in self.messages.values() if m["channel_id"] == str(channel_id)]

    def requests(self, method: str, pattern: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and re.fullmatch(pattern, c.path)]

    async def wait_for(self, check: Callable[[], Any], what: str, timeout: float = 8.0) -> Any:
        """Poll until `check()` is truthy; fail naming `what` otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            await asyncio.sleep(0.01)
        raise AssertionError(f"timed out waiting for {what}")

    async def say_in_thread(self, thread_id: int, author: dict, content: str) -> dict:
        """A member posts `content` in a thread (MESSAGE_CREATE); return the message."""
        guild_id = int(self.threads[thread_id]["guild_id"])
        msg = p.message(thread_id, guild_id, {"content": content}, author=author)
        msg["member"] = {k: v for k, v in p.member(author, p.MEMBER_PERMISSIONS).items() if k != "user"}
        await self.dispatch("MESSAGE_CREATE", msg)
        return msg

    async def interact(self, payload: dict) -> str:
        """Dispatch an INTERACTION_CREATE and return its token."""
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload["token"]

    async def final_reply(self, token: str, timeout: float = 8.0) -> dict:
        """The reply the member ends up seeing: a message, a modal, or the follow-up after a defer."""
        def done() -> dict | None:
            for reply in self.replies.get(token, []):
                if reply["kind"] in (4, 8, 9, "followup"):
                    return reply
            return None

        return await self.wait_for(done, f"a reply to interaction {token}", timeout)
