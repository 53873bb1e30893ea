"""`make demo` against a platform with its rate limit on waits out a 429 instead of failing."""

import httpx


def test_the_demo_waits_what_retry_after_says_then_sends_the_same_request_again(script):
    answers = iter([(429, {"Retry-After": "2"}), (429, {}), (201, {})])
    bodies: list[bytes] = []

    def platform(request: httpx.Request) -> httpx.Response:
        bodies.append(request.read())
        status, headers = next(answers)
        return httpx.Response(status, headers=headers)

    pauses: list[float] = []
    transport = script("demo").WaitsOutRateLimit(httpx.MockTransport(platform), pauses.append)
    with httpx.Client(transport=transport, base_url="http://registration") as client:
        response = client.post("/contests/x/participants", json={"name": "Команда"})

    assert response.status_code == 201
    assert pauses == [2.0, 1.0]
    assert len(bodies) == 3 and len(set(bodies)) == 1


def test_the_demo_gives_up_after_its_attempts_and_shows_the_429(script):
    pauses: list[float] = []
    transport = script("demo").WaitsOutRateLimit(
        httpx.MockTransport(lambda request: httpx.Response(429, headers={"Retry-After": "600"})),
        pauses.append,
        attempts=3,
        longest=5,
    )
    with httpx.Client(transport=transport, base_url="http://registration") as client:
        assert client.get("/contests").status_code == 429
    assert pauses == [5, 5, 5]
