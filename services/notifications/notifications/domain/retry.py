from dataclasses import dataclass

# Beyond this exponent the delay is far past any sane cap; stop before float overflow.
_MAX_EXPONENT = 62


def next_attempt_delay(attempts: int, base_seconds: float, max_seconds: float) -> float:
    """Seconds to wait after the `attempts`-th failed attempt: base, 2·base, 4·base, … capped."""
    if attempts < 1:
        raise ValueError("attempts counts the attempts already made and starts at 1")
    return min(max_seconds, base_seconds * 2 ** min(attempts - 1, _MAX_EXPONENT))


def should_retry(attempts: int, max_attempts: int) -> bool:
    return attempts < max_attempts


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 5
    base_seconds: float = 30.0
    max_seconds: float = 3600.0

    def should_retry(self, attempts: int) -> bool:
        return should_retry(attempts, self.max_attempts)

    def delay(self, attempts: int) -> float:
        return next_attempt_delay(attempts, self.base_seconds, self.max_seconds)
