"""Questions on documents the other sets lack (eval/english): an English page of a Swedish
cancer centre must be read in English too (its body nouns and facts are English words), a
collaboration whose name reads like a person's is no unknown person, and a service named
"Mobil …" is no phone question."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.own_corpus import answerer_with

ENGLISH = Path(__file__).resolve().parent.parent / "eval" / "english"


@pytest.fixture(scope="module")
def pages(tmp_path_factory, config, built_index):
    return answerer_with(tmp_path_factory.mktemp("english_pages"), config, ENGLISH)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("When was RCC Mellansverige established?", "Established in 2010"),
        ("How many members does the patient and family council at RCC Mellansverige have?", "12 members"),
        ("How often does the patient council of RCC Mellansverige meet?", "four times a year"),
        # an English question on a Swedish text: "meeting" is also "sammanträde"
        ("Where is the next meeting of the steering group of Närvårdssamverkan Sjuhärad held?", "i Borås"),
    ],
)
def test_english_question_on_an_english_page(pages, question: str, fact: str) -> None:
    answer = pages.ask(question)
    assert not answer.abstained, answer.answer
    assert fact in answer.answer.splitlines()[0]


def test_a_collaboration_named_like_a_person_is_answered(pages) -> None:
    answer = pages.ask("Vem ska jag kontakta om jag har frågor om Närvårdssamverkan Sjuhärad?")
    assert "finns inte i dokumenten" not in answer.answer
    assert "narvard.sjuharad@vgregion.se" in answer.answer


def test_a_service_called_mobil_is_no_phone_question(pages) -> None:
    answer = pages.ask("Vad kostar förlängningen av Mobil hemsjukvård och hur delas kostnaden?")
    assert not answer.abstained, answer.answer
    assert "2,4 miljoner kronor" in answer.answer.splitlines()[0]


def test_a_person_named_in_the_text_but_not_the_directory_has_no_address(pages) -> None:
    answer = pages.ask("Vilket telefonnummer har Tobias Ekwall?")
    assert answer.abstained
    assert "Tobias Ekwall" in answer.answer and "finns inte i dokumenten" not in answer.answer
