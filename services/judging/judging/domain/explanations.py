"""The aggregation methods and the jury's agreement in plain words, for organizers and readers.

Messages (`tr`), translated where they are shown; the Russian texts are in `locale/ru.po`.
"""

from forum_shared.i18n import Message, tr
from judging.domain.criteria import Aggregation

METHOD_TITLES: dict[Aggregation, Message] = {
    Aggregation.MEAN: tr("Mean"),
    Aggregation.MEDIAN: tr("Median"),
    Aggregation.TRIMMED_MEAN: tr("Trimmed mean"),
    Aggregation.ZSCORE: tr("Normalised scores (z-scores)"),
}

METHOD_EXPLANATIONS: dict[Aggregation, Message] = {
    Aggregation.MEAN: tr(
        "The participant's score is the average of all the jurors' scores. Simple and "
        "familiar, but one very generous or very strict juror moves it."
    ),
    Aggregation.MEDIAN: tr(
        "The jurors' scores are put in order and the middle one is taken (with an even number "
        "of jurors, the average of the two middle ones). One juror's extreme score hardly "
        "moves it."
    ),
    Aggregation.TRIMMED_MEAN: tr(
        "The highest and the lowest score are set aside and the rest are averaged (when at "
        "least three jurors scored the participant; otherwise the plain average). It protects "
        "against one juror who overrates or underrates a participant."
    ),
    Aggregation.ZSCORE: tr(
        "Each juror's scores are first compared with that juror's own average: what counts is "
        "how much better or worse than usual the juror found the participant. So a strict "
        "juror and a generous one weigh alike. The result is shown on the criteria's own "
        "scale, as the score a typical juror of this jury would have given."
    ),
}


def method_title(method: Aggregation | str) -> Message:
    return METHOD_TITLES[Aggregation.parse(method)]


def method_explanation(method: Aggregation | str) -> Message:
    return METHOD_EXPLANATIONS[Aggregation.parse(method)]


def agreement_in_words(kendalls_w: float | None) -> Message:
    """Kendall's W (0 to 1) as a sentence: how alike the jurors ordered the participants."""
    if kendalls_w is None:
        return tr(
            "Not enough data yet: agreement is measured once at least two jurors have scored "
            "every participant of the nomination."
        )
    if kendalls_w >= 0.7:
        return tr("The jurors order the participants almost alike: strong agreement.")
    if kendalls_w >= 0.5:
        return tr("The jurors mostly agree on the order of the participants.")
    if kendalls_w >= 0.3:
        return tr("The jurors agree only in part: worth discussing the scores that differ.")
    return tr("The jurors order the participants very differently: weak agreement.")


AGREEMENT_EXPLANATION = tr(
    "Agreement (Kendall's W) runs from 0 to 1: 1 when every juror puts the participants in the "
    "same order, 0 when their orders have nothing in common."
)
DISAGREEMENT_EXPLANATION = tr(
    "Jurors disagree: their totals for this participant differ by more than a quarter of the scale."
)
