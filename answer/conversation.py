"""Conversation state for follow-up questions ("och för Blekinge?", "vem leder den?").

Front-ends hold one `Conversation` per chat (and per user in a group) and pass it to
`Answerer.ask`; the answer layer resolves an elliptic question against it. Kept here,
not in the front-ends, so the terminal, Telegram and the JSON batch behave the same.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

MAX_TURNS = 6  # older turns are dropped: state stays bounded
IDLE_SECONDS = 30 * 60  # a conversation left alone this long starts afresh


@dataclass
class Turn:
    """One question as asked, as understood, and whether it was answered."""

    question: str
    resolved: str
    answered: bool


@dataclass
class Conversation:
    """The last turns of one chat (bounded), with the time of the last question."""

    turns: list[Turn] = field(default_factory=list)
    last_active: float = field(default_factory=time.monotonic)

    def expired(self, now: float | None = None) -> bool:
        """True when the conversation has been idle longer than `IDLE_SECONDS`."""
        return ((now if now is not None else time.monotonic()) - self.last_active) > IDLE_SECONDS

    def reset(self) -> None:
        """Forget every turn (`/ny`, or after expiry)."""
        self.turns.clear()
        self.last_active = time.monotonic()

    def add(self, turn: Turn) -> None:
        """Remember a turn, keeping at most `MAX_TURNS`."""
        self.turns.append(turn)
        del self.turns[:-MAX_TURNS]
        self.last_active = time.monotonic()
