"""Every message a person can read has its Russian text in a catalogue."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from forum_shared.answers import PYDANTIC_MESSAGES, pydantic_message
from forum_shared.i18n import Message, load_catalogues, negotiate, tr

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = {
    "forum_shared": ROOT / "shared" / "forum_shared",
    "registration": ROOT / "services" / "registration" / "registration",
    "judging": ROOT / "services" / "judging" / "judging",
    "notifications": ROOT / "services" / "notifications" / "notifications",
}


def messages_in(package: Path) -> set[str]:
    found = extract_from_dir(str(package), method_map=[("**.py", "python")], keywords={"tr": None})
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_every_message_in_the_code_has_a_russian_text(name: str) -> None:
    package = PACKAGES[name]
    russian = load_catalogues([package / "locale" / "ru.po"])
    missing = sorted(messages_in(package) - set(russian))
    assert not missing, f"add to {package / 'locale' / 'ru.po'}: {missing}"


def test_every_pydantic_message_has_a_russian_text() -> None:
    russian = load_catalogues([PACKAGES["forum_shared"] / "locale" / "ru.po"])
    assert not sorted(set(PYDANTIC_MESSAGES.values()) - set(russian))


def test_a_message_is_russian_by_default_and_english_on_request() -> None:
    message = tr("the request body is larger than %(limit)s bytes", limit=100)
    assert message.render() == "тело запроса больше допустимого (100 байт)"
    assert message.render("en") == str(message) == "the request body is larger than 100 bytes"


def test_a_message_inside_a_message_is_translated_too() -> None:
    inner = tr("this field is required")
    outer = tr("The request is invalid. %(problems)s", problems=inner)
    assert outer.render() == "Запрос не принят. обязательное поле"


def test_a_pydantic_error_reads_as_a_plain_sentence_with_its_limit() -> None:
    error = {"type": "string_too_long", "ctx": {"max_length": 300}, "loc": ("body", "name")}
    assert pydantic_message(error).render() == "должно содержать не больше символов, чем 300"
    assert pydantic_message({"type": "no_such_type"}) == Message("this value is not valid")
    assert pydantic_message({"type": "own", "msg": "an own message"}) == "an own message"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "ru"),
        ("", "ru"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("de, en;q=0.5", "en"),
        ("en;q=0.3, ru;q=0.7", "ru"),
        ("fr", "ru"),
        ("en;q=nonsense, ru", "ru"),
    ],
)
def test_the_language_is_russian_unless_english_is_preferred(
    header: str | None, language: str
) -> None:
    assert negotiate(header) == language
