"""The rate limit on the public registration endpoints: the API's
`POST /contests/{contest_id}/participants` and the registration page's form
(`POST /contest/{contest_id}/apply`).

`registration_rate_limit` is a dependency of every route of the app (added to the app's router
before the routers are included) and acts only on the routes in `LIMITED`, so a page's route
is limited by its path without knowing of it. It runs before the body is validated: an invalid
application counts too. Settings: `REGISTRATION_RATE_PER_MINUTE` (0: off) and
`REGISTRATION_RATE_BURST`; the buckets are per process (see forum_shared.throttle), the client
address the connection's peer unless it is one of `TRUSTED_PROXIES`.
"""

from fastapi import Request, status

from forum_shared.answers import ApiError
from forum_shared.i18n import tr
from forum_shared.throttle import TokenBuckets

LIMITED = frozenset(
    {
        ("POST", "/contests/{contest_id}/participants"),
        ("POST", "/contest/{contest_id}/apply"),
    }
)

TOO_MANY = {429: {"description": "Too many applications from this address: see Retry-After"}}


def registration_buckets(per_minute: float, burst: int) -> TokenBuckets | None:
    return TokenBuckets(per_minute, burst) if per_minute > 0 else None


def registration_rate_limit(request: Request) -> None:
    buckets: TokenBuckets | None = request.app.state.registration_buckets
    route = request.scope.get("route")
    if buckets is None or (request.method, getattr(route, "path", None)) not in LIMITED:
        return
    address = request.client.host if request.client else "unknown"
    wait = buckets.take(address)
    if wait:
        raise ApiError(
            status.HTTP_429_TOO_MANY_REQUESTS,
            tr(
                "Too many applications from your address. Please try again in %(seconds)s s.",
                seconds=wait,
            ),
            "too_many_requests",
            headers={"Retry-After": str(wait)},
        )
