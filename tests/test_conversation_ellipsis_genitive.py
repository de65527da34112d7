"""A body named in the genitive ("läkemedelsrådets sammanträde") is still the body a later
question without a subject ("vem var sekreterare?") is about."""

from __future__ import annotations

from answer.conversation import Turn
from answer.ellipsis import about_body
from answer.referents import replace_pronoun


def test_body_in_the_genitive_is_a_body() -> None:
    assert about_body([], "på läkemedelsrådets sammanträde i Sydöstra sjukvårdsregionen")
    assert not about_body([], "budgeten för Region Dalarna")


def test_topic_with_its_own_preposition_is_not_given_another() -> None:
    previous = Turn("q", "Vem var ordförande på läkemedelsrådets sammanträde?", True,
                    topic="på läkemedelsrådets sammanträde")
    assert replace_pronoun("vem var sekreterare?", previous) == "vem var sekreterare på läkemedelsrådets sammanträde?"
