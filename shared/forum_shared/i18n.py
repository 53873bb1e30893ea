"""Messages people read, in Russian by default and in English on request (gettext catalogues).

Code writes a message as its English text with named placeholders, wrapped in `tr()`:

    raise SomeError(tr("there is no contest %(contest_id)s", contest_id=contest_id))

`tr()` returns a `Message` (the English text and its parameters), not a string: the language is
chosen where the message leaves the service — the HTTP error handlers (by `Accept-Language`:
Russian unless English is preferred) and the pages (always Russian). `str(message)` is English,
for logs and tests.

The Russian texts live in gettext `.po` catalogues, `locale/ru.po` beside each package's code,
read at start-up with Babel (no compile step). `tests/unit/shared/test_catalogues.py` extracts
every `tr("...")` from the sources with Babel and fails if one has no Russian translation.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from babel.messages.pofile import read_po

Language = Literal["ru", "en"]
DEFAULT_LANGUAGE: Language = "ru"
LANGUAGES: tuple[Language, ...] = ("ru", "en")


@dataclass(frozen=True)
class Message:
    """An English text with `%(name)s` placeholders and their values, translated on output."""

    text: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: Language = DEFAULT_LANGUAGE) -> str:
        template = self.text if language == "en" else catalogue().get(self.text, self.text)
        values = {name: _localised(value, language) for name, value in self.params.items()}
        return template % values if values else template

    def __str__(self) -> str:
        return self.render("en")


def tr(text: str, **params: Any) -> Message:
    return Message(text, params)


def render(message: "Message | str", language: Language = DEFAULT_LANGUAGE) -> str:
    """A `Message` in `language`; a plain string as it is (from a library, say)."""
    return message.render(language) if isinstance(message, Message) else message


def _localised(value: Any, language: Language) -> Any:
    return value.render(language) if isinstance(value, Message) else value


_catalogue_dirs: list[Path] = [Path(__file__).parent / "locale"]


def use_catalogue(directory: Path) -> None:
    """Add a package's `locale/` directory (each service's `main` adds its own)."""
    if directory not in _catalogue_dirs:
        _catalogue_dirs.append(directory)
        catalogue.cache_clear()


@cache
def catalogue() -> dict[str, str]:
    """English text → Russian text, from every registered `locale/ru.po`."""
    return load_catalogues(directory / "ru.po" for directory in _catalogue_dirs)


def load_catalogues(paths: Iterable[Path]) -> dict[str, str]:
    translations: dict[str, str] = {}
    for path in paths:
        if not path.exists():
            continue
        with path.open("rb") as file:
            for entry in read_po(file, locale="ru"):
                if entry.id and entry.string and isinstance(entry.id, str):
                    translations[entry.id] = str(entry.string)
    return translations


def negotiate(accept_language: str | None) -> Language:
    """Russian unless the `Accept-Language` header prefers English to Russian."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, rest = part.strip().partition(";")
        quality = 1.0
        if rest.strip().startswith("q="):
            try:
                quality = float(rest.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower().split("-")[0]))
    for _, _, language in sorted(ranked):
        if language in LANGUAGES:
            return language  # type: ignore[return-value]
    return DEFAULT_LANGUAGE
