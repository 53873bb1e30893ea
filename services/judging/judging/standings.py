"""A contest's standings: the domain's rankings, progress and agreement, nomination by nomination.

Only participants still in the contest count: the scorecards of a withdrawn participant weigh
in nobody's final score, not even through a juror's z-score statistics. Nor do a juror's
scorecards for a participant they declared a conflict with, or those of a revoked juror whose
scorecards the organizer discarded (`domain.counted_scorecards`); a revoked juror's other
scorecards still count, and nobody expects more from them. A participant no juror
is expected to score (no juror assigned to the nomination, or every one in conflict) makes the
contest incomplete as a missing scorecard does: announcing would silently leave them unjudged.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from forum_shared.events import NominationWinners
from forum_shared.events import Winner as WinnerEntry

from .domain import (
    Agreement,
    ContestCriteria,
    Juror,
    NominationProgress,
    Participant,
    RankedParticipant,
    Scorecard,
    contest_progress,
    counted_scorecards,
    missing_scorecards,
    nomination_agreement,
    pick_winners,
    rank_contest,
)
from .domain.presentation import Spread, participant_spreads, shown_scores


@dataclass(frozen=True)
class NominationStandings:
    nomination: str
    title: str
    ranking: tuple[RankedParticipant, ...]
    progress: NominationProgress
    agreement: Agreement
    # participant id → the final score on the criteria's scale, and the jurors' spread
    # (`domain.presentation`): for people to read, never to rank by
    shown_scores: Mapping[str, float | None] = field(default_factory=dict)
    spreads: Mapping[str, Spread] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.progress.complete and not self.progress.unjudged

    @property
    def expected_scorecards(self) -> dict[str, int]:
        """participant id → how many scorecards are expected for them."""
        return {p.participant_id: p.expected for p in self.progress.participants}


@dataclass(frozen=True)
class Standings:
    aggregation: str
    nominations: tuple[NominationStandings, ...]
    missing: tuple[tuple[str, str], ...]  # (juror id, participant id), sorted

    @property
    def expected(self) -> int:
        return sum(n.progress.expected for n in self.nominations)

    @property
    def unjudged(self) -> int:
        return sum(len(n.progress.unjudged) for n in self.nominations)

    @property
    def complete(self) -> bool:
        return all(n.complete for n in self.nominations)

    def winners(self, places: int) -> tuple[NominationWinners, ...]:
        return tuple(
            NominationWinners(
                nomination=n.nomination,
                nomination_title=n.title,
                winners=tuple(
                    WinnerEntry(
                        place=w.place,
                        participant_id=w.participant_id,
                        display_name=w.display_name,
                        final_score=w.final_score,
                    )
                    for w in pick_winners(n.ranking, places)
                ),
            )
            for n in self.nominations
        )


def contest_standings(
    nominations: Mapping[str, str],
    criteria: ContestCriteria,
    jurors: Sequence[Juror],
    participants: Sequence[Participant],
    scorecards: Sequence[Scorecard],
) -> Standings:
    """`nominations`: id → title in the contest's order; every nomination is listed, a
    participant's nomination the contest did not announce (titled by its id) after them."""
    ids = {p.id for p in participants}
    cards = counted_scorecards(jurors, [card for card in scorecards if card.participant_id in ids])
    rankings = rank_contest(participants, cards, criteria)
    progress = contest_progress(jurors, participants, cards)
    titles = dict(nominations) | {n: n for n in rankings if n not in nominations}
    finals = {line.participant_id: line.raw_score for r in rankings.values() for line in r}
    shown = shown_scores(criteria, cards, finals)
    spreads = participant_spreads(criteria, cards)
    return Standings(
        aggregation=criteria.aggregation.value,
        nominations=tuple(
            NominationStandings(
                nomination=nomination,
                title=title,
                ranking=rankings.get(nomination, ()),
                progress=progress.get(nomination, NominationProgress(nomination, ())),
                agreement=nomination_agreement(
                    [p for p in participants if p.nomination == nomination], cards
                ),
                shown_scores={
                    line.participant_id: shown[line.participant_id]
                    for line in rankings.get(nomination, ())
                },
                spreads={
                    line.participant_id: spreads[line.participant_id]
                    for line in rankings.get(nomination, ())
                    if line.participant_id in spreads
                },
            )
            for nomination, title in titles.items()
        ),
        missing=missing_scorecards(jurors, participants, cards),
    )
