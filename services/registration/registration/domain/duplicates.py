"""The key that stops the same organisation registering twice in a contest's nomination.

Key: "<contest id>:<nomination id>:inn:<ИНН>" where there is an ИНН, else
"<contest id>:<nomination id>:name:<normalised name>". Slugs contain no ":", so keys are
unambiguous. The kind is not part of the key: an organisation cannot come back as another kind.
A participant registered with an ИНН and the same one registered by name alone do not collide;
the ИНН rules make that rare (a СОНКО must give its ИНН).
"""

import re
import unicodedata

# Legal-form words dropped from names, as whole words, anywhere in the name; already normalised
# (lowercase, е for ё). Phrases go first, longest first, so that "региональная общественная
# организация" goes as a whole before "общественная организация" is looked for.
LEGAL_FORM_PHRASES: tuple[str, ...] = (
    "общество с ограниченной ответственностью",
    "автономная некоммерческая организация",
    "территориальное общественное самоуправление",
    "местная общественная организация",
    "региональная общественная организация",
    "общественная организация",
    "некоммерческая организация",
    "некоммерческое партнерство",
    "благотворительный фонд",
    "инициативная группа",
    "муниципальное бюджетное учреждение",
    "муниципальное автономное учреждение",
)
LEGAL_FORM_WORDS: frozenset[str] = frozenset(
    {"ано", "нко", "сонко", "ооо", "оао", "зао", "пао", "ао", "тос", "мбу", "мау", "мку"}
    | {"гбу", "гау", "нп", "оо", "роо", "моо", "бф"}
)
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """«АНО "Доброе дело"» and "ано доброе   дело" both give "доброе дело".

    Casefold, ё→е, every character that is not a letter or digit (quotes, «», punctuation, №)
    becomes a space, legal-form words go, whitespace collapses. A name made only of legal-form
    words ("ТОС") keeps them rather than becoming empty.
    """
    # "№" first: NFKC would turn it into "No".
    text = unicodedata.normalize("NFKC", name.replace("№", " ")).casefold().replace("ё", "е")
    text = "".join(char if char.isalnum() else " " for char in text)
    text = _SPACES.sub(" ", text).strip()
    stripped = f" {text} "
    for phrase in sorted(LEGAL_FORM_PHRASES, key=len, reverse=True):
        while f" {phrase} " in stripped:
            stripped = stripped.replace(f" {phrase} ", " ")
    words = [word for word in stripped.split() if word not in LEGAL_FORM_WORDS]
    return " ".join(words) or text


def duplicate_key(contest_id: str, nomination: str, inn: str | None, name: str) -> str:
    """`inn` is the validated ИНН (or None); `name` the participant's name as given."""
    if inn:
        return f"{contest_id}:{nomination}:inn:{inn}"
    return f"{contest_id}:{nomination}:name:{normalise_name(name)}"
