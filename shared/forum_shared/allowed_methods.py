"""The methods of a path, as HTTP promises them (RFC 9110): `OPTIONS` on a known path answers 204
with `Allow`, a 405 lists every method of the path in `Allow` (not only those of the one route
Starlette tried), and `HEAD` works wherever `GET` does.

Starlette routes each method of a path to a route of its own, and a 405 names only the methods
of the first route whose path matched; FastAPI's routes answer neither `HEAD` nor `OPTIONS`.
An unknown path stays a 404, and a path no route knows (a mounted folder's) is left alone."""

from fastapi.routing import RouteContext, iter_route_contexts
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def routes_of_path(scope: Scope) -> list[RouteContext]:
    """The routes (as included, with their routers' prefixes) whose path matches, whatever
    their methods; a mount's (methods None) is none of them."""
    path = scope["path"].removeprefix(scope.get("root_path", ""))
    return [
        route
        for route in iter_route_contexts(scope["app"].router.routes)
        if route.methods is not None and route.path_regex.match(path)
    ]


def allowed(routes: list[RouteContext]) -> set[str]:
    methods = {method for route in routes for method in route.methods or ()}
    if "GET" in methods:
        methods.add("HEAD")
    return methods | {"OPTIONS"}


def allow_header(methods: set[str]) -> str:
    return ", ".join(sorted(methods, key=lambda m: (ORDER.index(m) if m in ORDER else 99, m)))


class AllowedMethods:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        routes = routes_of_path(scope)
        if not routes:
            await self.app(scope, receive, send)
            return
        own = {method for route in routes for method in route.methods or ()}
        allow = allow_header(allowed(routes))
        method = scope["method"]
        if method == "OPTIONS" and "OPTIONS" not in own:
            scope["route"] = routes[0]  # for the request metrics' route label
            await Response(status_code=204, headers={"Allow": allow})(scope, receive, send)
            return

        async def with_full_allow(message: AsgiMessage) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                MutableHeaders(scope=message)["allow"] = allow
            await send(message)

        if method == "HEAD" and "HEAD" not in own and "GET" in own:
            await self._head_as_get(scope, receive, send)
            return
        await self.app(scope, receive, with_full_allow)

    async def _head_as_get(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The GET's answer, headers only."""

        async def without_body(message: AsgiMessage) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        scope["method"] = "GET"
        try:
            await self.app(scope, receive, without_body)
        finally:
            scope["method"] = "HEAD"
