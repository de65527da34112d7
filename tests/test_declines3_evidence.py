"""Answer what the documents say in other words, decline what they do not say (eval/answerability3:
an HTML page of Västra Götalandsregionen, Sörmland's minutes, Västerbotten's plan in Markdown, a
Word file from Gotland, a PDF agreement from Uppsala, a CSV schedule from Halland; beside them the
English page of eval/answerability2): an acronym the documents spell out, a count stated as
"antalet …", a noun with its definite ending, a shorter compound for the body, a Swedish question
over an English page; and declines for a point in time the text gives only for something else and
a fact given for another year."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.own_corpus import OWN, answerer_with

ANSWERABILITY3 = OWN.parent / "answerability3"
ENGLISH_PAGE = OWN.parent / "answerability2" / "regional-cooperation-vasterbotten-en.txt"


@pytest.fixture(scope="module")
def answerer(tmp_path_factory, config, built_index):
    extra = tmp_path_factory.mktemp("declines3_extra")
    (extra / ENGLISH_PAGE.name).write_bytes(ENGLISH_PAGE.read_bytes())
    return answerer_with(tmp_path_factory.mktemp("declines3"), config, ANSWERABILITY3, Path(extra))


def _cites(answer, needle: str) -> bool:
    return any(needle in c.text for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        # the question's acronym, the text's full name ("Västra Götalandsregionen")
        ("Hur många ledamöter sitter i utvecklingsrådet för psykisk hälsa i VGR?", "tolv ledamöter"),
        # the question's words spelled out, the text's acronym ("Samordnad individuell plan (SIP)"),
        # and the count stated as "Antalet upprättade SIP … 538"
        ("Hur många samordnade individuella planer gjordes för barn 2024 i Sörmland?", "538 under 2024"),
        # "kansliet" asked, "Rådets kansli" written
        ("Hur många anställda har kansliet för folkhälsorådet i Västerbotten?", "har tre anställda"),
        # "länsstyrgruppen" asked, the minutes' section says "Styrgruppens budget"
        ("Hur stor är budgeten för länsstyrgruppen för barn och unga i Sörmland 2025?", "1,4 miljoner kronor"),
        # a Swedish question over an English page: "styrgruppen" is its "Steering Committee"
        ("Hur ofta träffas den gemensamma styrgruppen i Västerbotten?", "six times a year"),
    ],
)
def test_paraphrase_is_answered(answerer, question: str, evidence: str) -> None:
    answer = answerer.ask(question)
    assert not answer.abstained, answer.answer
    assert _cites(answer, evidence), answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # the page gives a meeting frequency and a budget year, not when the council was founded
        "När inrättades utvecklingsrådet för psykisk hälsa i Västra Götalandsregionen?",
        # the minutes give the budget for 2025 and say the one for 2026 is decided in December
        "Hur stor är budgeten för länsstyrgruppen för barn och unga i Sörmland 2026?",
        # the rådet's budget is for 2025 only
        "Hur stor är budgeten för utvecklingsrådet för psykisk hälsa 2026?",
    ],
)
def test_fact_for_something_else_is_declined(answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.abstained and answer.kind == "decline", answer.answer


def test_paraphrased_past_tense_still_answers(answerer) -> None:
    """"bildades" asked, "formerades 2020" written: a sentence telling of something done in a
    year answers a past-tense "när" even in other words."""
    answer = answerer.ask("När bildades SBHSS hälsoplattform?")
    assert not answer.abstained, answer.answer
    assert "2020" in answer.answer


def test_recurring_when_takes_a_frequency(answerer) -> None:
    answer = answerer.ask("När träffas styrgruppen för äldresamverkan på Gotland?")
    assert not answer.abstained, answer.answer
    assert "varannan månad" in answer.answer


def test_past_verb_in_a_year_question_takes_a_paraphrase(answerer) -> None:
    """"Vilket år bildades …?" is answered by "Rådet inrättades 2019"."""
    answer = answerer.ask("Vilket år bildades folkhälsorådet i Västerbotten?")
    assert not answer.abstained, answer.answer
    assert "2019" in answer.answer.splitlines()[0]


def test_a_bodys_phone_number_is_looked_for_in_the_passages(answerer) -> None:
    """No person holds the office's number, so the passages decide: Västerbotten's plan gives
    none, and the decline names the phone number, not a missing contact person."""
    answer = answerer.ask("Vilket telefonnummer har kansliet för folkhälsorådet i Västerbotten?")
    assert answer.abstained and "telefonnummer" in answer.answer.splitlines()[0], answer.answer


def test_a_bodys_phone_number_in_a_faq_answers(tmp_path_factory, config, built_index) -> None:
    from tests.own_corpus import NEAR_TOPIC, own_answerer

    near = own_answerer(tmp_path_factory.mktemp("declines3_faq"), config, NEAR_TOPIC, "*.html")
    answer = near.ask("Vilket telefonnummer har kansliet för Vårdsamverkan Örebro län?")
    assert not answer.abstained, answer.answer
    assert "019-602 10 00" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Hur ofta träffas äldresamverkan i Region Uppsala?",  # Gotland's title word, Uppsala's VFU page
        "När hålls patientsäkerhetsnätverkets möte i Halmstad 2025?",  # Halland's schedule, Sörmland's minutes
    ],
)
def test_another_documents_subject_is_declined(answerer, question: str) -> None:
    """A word that titles another document, which no passage's document found here uses,
    says the question is about that other matter."""
    answer = answerer.ask(question)
    assert answer.abstained and answer.kind == "decline", answer.answer
