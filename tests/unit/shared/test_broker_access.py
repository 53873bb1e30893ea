"""Who may do what on the broker, as rules: each service writes on `forum.events` only the
routing keys of the event types it owns (in any version), a subscriber writes none, and a
service that publishes refuses to start as anyone but its own broker user."""

import base64
import hashlib
import re
from typing import ClassVar, Literal

import pytest

from forum_shared.broker_access import (
    definitions,
    service_grant,
    service_url,
    subscriber_grant,
    user_of,
)
from forum_shared.events import ALL_EVENTS, Event, WinnersAnnounced
from forum_shared.runtime import Runtime
from forum_shared.settings import ServiceSettings


def may_publish(service: str, routing_key: str) -> bool:
    grant = service_grant(service)
    return bool(
        re.fullmatch(grant.write.strip("^$"), "forum.events")
        and re.search(grant.topic_write, routing_key)
    )


def test_every_event_type_names_the_one_service_that_owns_it() -> None:
    owners = {event.routing_key: event.owner for event in ALL_EVENTS}
    assert owners["winners.announced"] == owners["score.submitted"] == "judging"
    assert owners["participant.registered"] == owners["contest.opened"] == "registration"


def test_an_event_type_without_an_owner_is_refused_when_it_is_declared() -> None:
    with pytest.raises(TypeError, match="owner"):

        class Ownerless(Event):  # noqa: F841 (declaring it is the test)
            event_type: Literal["test.ownerless"] = "test.ownerless"
            schema_version: Literal[1] = 1


@pytest.mark.parametrize("event", ALL_EVENTS, ids=lambda event: event.routing_key)
def test_only_the_owner_may_publish_each_event_type_in_any_version(event: type[Event]) -> None:
    for service in ("registration", "judging", "notifications"):
        for key in (event.routing_key, f"{event.routing_key}.v2", f"{event.routing_key}.v17"):
            assert may_publish(service, key) is (service == event.owner), (service, key)


def test_no_service_may_publish_a_key_that_only_resembles_its_own() -> None:
    for key in ("winners.announcedX", "winners.announced.v2.extra", "xwinners.announced", "#"):
        assert not may_publish("judging", key), key


def test_notifications_may_not_write_on_the_events_exchange_at_all() -> None:
    grant = service_grant("notifications")
    assert not re.fullmatch(grant.write, "forum.events")
    assert re.fullmatch(grant.write, "notifications.winners.announced")


def test_a_service_configures_and_reads_only_its_own_queues_and_the_exchanges() -> None:
    grant = service_grant("judging")
    for allowed in ("judging.participant.registered", "judging.dead-letter", "forum.events"):
        assert re.fullmatch(grant.configure, allowed) and re.fullmatch(grant.read, allowed)
    for refused in ("notifications.winners.announced", "judgingx.q", "amq.default"):
        assert not re.fullmatch(grant.configure, refused)
        assert not re.fullmatch(grant.read, refused)


def test_a_subscriber_reads_its_own_queues_and_writes_no_event() -> None:
    grant = subscriber_grant("city-portal")
    assert re.fullmatch(grant.read, "forum.events")
    assert not re.fullmatch(grant.write, "forum.events")
    assert re.fullmatch(grant.configure, "city-portal.winners")
    assert not re.fullmatch(grant.configure, "notifications.winners.announced")


def test_definitions_carry_a_salted_hash_of_each_password_never_the_password() -> None:
    body = definitions("/", {"judging": "s3cret-pass"}, prefix="forum-", admins=["guest"])
    [user] = body["users"]
    assert user["name"] == "forum-judging"
    assert "s3cret-pass" not in str(body)
    raw = base64.b64decode(user["password_hash"])
    salt, digest = raw[:4], raw[4:]
    assert digest == hashlib.sha256(salt + b"s3cret-pass").digest()
    [topic] = body["topic_permissions"]
    assert (
        topic["exchange"] == "forum.events"
        and topic["write"] == service_grant("judging").topic_write
    )
    assert {p["user"] for p in body["permissions"]} == {"forum-judging", "guest"}
    assert {e["name"] for e in body["exchanges"]} == {"forum.events", "forum.dead-letter"}


def test_an_administrator_named_like_a_service_keeps_the_services_grant() -> None:
    body = definitions("/", {"judging": "p"}, prefix="forum-", admins=["forum-judging"])
    [permission] = body["permissions"]
    assert permission["write"] == service_grant("judging").write


def test_a_services_url_keeps_the_brokers_address_and_virtual_host() -> None:
    url = service_url("amqp://guest:guest@rabbit:5673/forum-test", "judging", "p@ss/w", "x-")
    assert url == "amqp://x-judging:p%40ss%2Fw@rabbit:5673/forum-test"
    assert service_url("amqp://rabbit/", "judging", "p") == "amqp://forum-judging:p@rabbit/"


def settings(url: str) -> ServiceSettings:
    return ServiceSettings(
        environment="test", rabbitmq_url=url, mongodb_database="judging", http_port=0
    )


def test_a_publishing_service_refuses_to_start_as_another_broker_user() -> None:
    with pytest.raises(ValueError, match="forum-judging"):
        Runtime("judging", settings("amqp://guest:guest@rabbit/"), publishes=[WinnersAnnounced])
    Runtime("judging", settings("amqp://forum-judging:p@rabbit/"), publishes=[WinnersAnnounced])
    Runtime("notifications", settings("amqp://guest:guest@rabbit/"), publishes=[])


def test_a_later_version_is_published_under_a_routing_key_of_its_own() -> None:
    class WinnersAnnouncedV2(WinnersAnnounced):
        owner: ClassVar[str] = "judging"
        schema_version: Literal[2] = 2  # type: ignore[assignment]

    assert WinnersAnnouncedV2.routing_key == "winners.announced.v2"
    assert user_of("judging") == "forum-judging"
