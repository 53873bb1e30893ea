"""Ranking the participants of a nomination.

The final score comes from the contest's aggregation method (see `aggregation`). Places are
decided by comparing exact values, never the rounded ones shown, in this order:

1. higher final score;
2. higher mean score on the highest-weighted criterion (among equally weighted top criteria,
   the first in the organizer's list), over all the participant's scorecards, untrimmed and
   unnormalised, whatever the method;
3. more scorecards;
4. earlier registration (`registered_at`);
5. smaller participant id (plain string order), so two participants never share a place.

Participants without scorecards come last, have no final score and no place (None); among
themselves they are ordered by registration, then id. Places of scored participants are 1..k.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from judging.domain.aggregation import final_scores, unique_scorecards
from judging.domain.criteria import Aggregation, ContestCriteria
from judging.domain.exact import display, exact, mean, to_float
from judging.domain.roster import Participant
from judging.domain.scorecards import Scorecard


@dataclass(frozen=True)
class RankedParticipant:
    """`final_score` and `top_criterion_mean` are rounded for display; `raw_score` is not."""

    participant_id: str
    display_name: str
    place: int | None
    final_score: float | None
    scorecards: int
    top_criterion_mean: float | None
    raw_score: float | None


def rank_nomination(
    participants: Sequence[Participant],
    scorecards: Iterable[Scorecard],
    criteria: ContestCriteria,
    *,
    method: Aggregation | str | None = None,
) -> tuple[RankedParticipant, ...]:
    """Rank one nomination's participants, best first.

    `scorecards` may (and under z-score must) be the whole contest's latest revisions: the
    z-score statistics of each juror are taken over all of them; scorecards of participants not
    in `participants` are otherwise ignored. `method` defaults to the contest's.
    """
    cards = unique_scorecards(scorecards)
    scores = final_scores(criteria.aggregation if method is None else method, cards)
    return _rank(participants, cards, criteria, scores)


def rank_contest(
    participants: Iterable[Participant],
    scorecards: Iterable[Scorecard],
    criteria: ContestCriteria,
    *,
    method: Aggregation | str | None = None,
) -> dict[str, tuple[RankedParticipant, ...]]:
    """nomination → its ranking, for every nomination that has participants."""
    cards = unique_scorecards(scorecards)
    scores = final_scores(criteria.aggregation if method is None else method, cards)
    by_nomination: dict[str, list[Participant]] = defaultdict(list)
    for participant in participants:
        by_nomination[participant.nomination].append(participant)
    return {
        nomination: _rank(members, cards, criteria, scores)
        for nomination, members in by_nomination.items()
    }


def _rank(
    participants: Sequence[Participant],
    cards: list[Scorecard],
    criteria: ContestCriteria,
    scores: dict[str, Fraction],
) -> tuple[RankedParticipant, ...]:
    ids = [p.id for p in participants]
    if len(set(ids)) != len(ids):
        raise ValueError("a participant appears more than once in the ranking's input")
    top = criteria.top_criterion.id
    counts: dict[str, int] = defaultdict(int)
    top_scores: dict[str, list[Fraction]] = defaultdict(list)
    for card in cards:
        counts[card.participant_id] += 1
        if top in card.scores:
            top_scores[card.participant_id].append(exact(card.scores[top]))
    top_means = {pid: mean(values) for pid, values in top_scores.items()}

    def key(p: Participant) -> tuple[bool, Fraction, bool, Fraction, int, datetime, str]:
        score, top_mean = scores.get(p.id), top_means.get(p.id)
        return (
            score is None,
            -(score or Fraction(0)),
            top_mean is None,
            -(top_mean or Fraction(0)),
            -counts[p.id],
            p.registered_at,
            p.id,
        )

    ranked: list[RankedParticipant] = []
    for position, participant in enumerate(sorted(participants, key=key), start=1):
        score = scores.get(participant.id)
        ranked.append(
            RankedParticipant(
                participant_id=participant.id,
                display_name=participant.display_name,
                place=position if score is not None else None,
                final_score=display(score),
                scorecards=counts[participant.id],
                top_criterion_mean=display(top_means.get(participant.id)),
                raw_score=None if score is None else to_float(score),
            )
        )
    return tuple(ranked)
