"""The winners of a nomination: the top places of its ranking, scored participants only."""

from collections.abc import Iterable
from dataclasses import dataclass

from judging.domain.ranking import RankedParticipant


@dataclass(frozen=True)
class Winner:
    place: int
    participant_id: str
    display_name: str
    final_score: float


def pick_winners(ranking: Iterable[RankedParticipant], places: int) -> tuple[Winner, ...]:
    """Places are 1..k and distinct (the ranking's tie-breaks); k <= places."""
    if places < 0:
        raise ValueError(f"the number of places cannot be negative, got {places}")
    scored = sorted(
        (entry for entry in ranking if entry.place is not None and entry.final_score is not None),
        key=lambda entry: entry.place or 0,
    )
    return tuple(
        Winner(entry.place, entry.participant_id, entry.display_name, entry.final_score)
        for entry in scored[:places]
        if entry.place is not None and entry.final_score is not None
    )
