"""What an abbreviated body is about: any abbreviation (NPO, RPO, LPO, NAG, RCC …) followed by
its name is qualified by that name, so one local programme area is never answered from another."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from answer.people import _qualifier_words


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Vem är ordförande för LPO Hjärt- och kärlsjukdomar i Jönköping?", ["Hjärt-", "kärlsjukdomar"]),
        ("Vem är processledare för NPO endokrina sjukdomar?", ["endokrina", "sjukdomar"]),
        ("Vem leder NAG astma?", ["astma"]),
        ("Vem är ordförande i samverkansnämnden?", []),
    ],
)
def test_the_name_after_an_abbreviation_qualifies_the_body(question: str, words: list[str]) -> None:
    assert _qualifier_words(SimpleNamespace(swedish=question)) == words
