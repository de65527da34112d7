"""Follow-ups that leave out what they are about, on eval/convo documents: a whole
question after a role question keeps its own role ("och vem är sekreterare i rådet?"),
an abbreviated body with its name switches the body ("och för NPO hjärt- och
kärlsjukdomar?"), a question about only what every body has ("vem är sekreterare?",
"hur många ledamöter finns?") asks about the earlier body, "the board" refers back, and
a help request after a greeting gets the help text."""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.conversation import Conversation, Turn, resolve
from answer.ellipsis import asks_body_attribute
from answer.query import analyse
from tests.own_corpus import answerer_with, ask_turns

EVAL = Path(__file__).resolve().parent.parent / "eval"


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory, config, built_index):
    """An answerer over the real corpus plus eval/convo (the session's embedding cache seeded)."""
    return answerer_with(tmp_path_factory.mktemp("ellipsis"), config, *(EVAL / folder for folder in ("convo",)))


def _after(question: str, topic: str, entities: list[tuple[str, str]], people: list[str] | None = None) -> Conversation:
    conversation = Conversation()
    conversation.add(Turn(question, question, True, entities, topic, [], people or []))
    return conversation


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("när är nästa möte?", True),
        ("hur många ledamöter finns?", True),
        ("vem är sekreterare?", True),
        ("when is the next meeting?", True),
        ("who is the vice chair?", True),
        ("Vad är hälsoplattformen?", False),
        ("Vilka regioner samarbetar om cancervård?", False),
        ("hur många ledamöter har patientsäkerhetsrådet i Mellansverige?", False),
    ],
)
def test_body_attribute_questions_are_told_by_their_words(question: str, expected: bool) -> None:
    assert asks_body_attribute(question) is expected


def test_whole_question_with_its_own_role_is_not_a_role_swap() -> None:
    conversation = _after(
        "hur länge är Tomas Lund ordförande i RPO rörelseorganens sjukdomar?",
        "RPO rörelseorganens sjukdomar",
        [("body", "RPO rörelseorganens sjukdomar")],
        ["Tomas Lund"],
    )
    resolution = resolve("och vem är sekreterare där?", conversation, [], 1)
    assert resolution.text == "och vem är sekreterare i RPO rörelseorganens sjukdomar?"
    fragment = resolve("och vice ordförande?", conversation, [], 1)
    assert "vice ordförande i RPO" in fragment.text  # a fragment still swaps the role


def test_abbreviated_body_with_its_name_replaces_the_earlier_body() -> None:
    conversation = _after(
        "Vem är sekreterare i patientsäkerhetsrådet i Mellansverige?",
        "patientsäkerhetsrådet i Mellansverige",
        [("healthregion", "Mellansverige")],
    )
    own = [("body", "RPO rörelseorganens sjukdomar")]
    resolution = resolve("och i RPO rörelseorganens sjukdomar?", conversation, own, 3)
    assert resolution.text == "Vem är sekreterare i RPO rörelseorganens sjukdomar?"
    assert resolution.topic == "RPO rörelseorganens sjukdomar"


def test_question_naming_its_own_body_stands_alone() -> None:
    conversation = _after("Vad gör RCC Väst?", "RCC Väst", [("body", "RCC Väst")])
    own = [("body", "NPO hjärt- och kärlsjukdomar")]
    assert not resolve("vem är sekreterare i NPO hjärt- och kärlsjukdomar?", conversation, own, 3).follow_up
    assert not resolve("Vad är hälsoplattformen?", conversation, [], 1).follow_up


def test_whole_question_after_how_long_asks_for_the_other_role(wide) -> None:
    _, _, answer = ask_turns(wide, [
        "Vem är ordförande i läkemedelsrådet i Norra sjukvårdsregionen?",
        "sedan när är hon det?",
        "och vem är sekreterare där?",
    ])
    assert "Karin Ljung" not in answer.resolved_question
    assert "sekreterare i läkemedelsrådet i Norra sjukvårdsregionen" in answer.resolved_question
    assert "Lars Wikström" in answer.answer


def test_abbreviated_body_switch_then_their_meetings(wide) -> None:
    _, second, third = ask_turns(wide, [
        "Vem är sekreterare i läkemedelsrådet i Norra sjukvårdsregionen?",
        "och för NPO hjärt- och kärlsjukdomar?",
        "hur ofta träffas de?",
    ])
    assert second.resolved_question == "Vem är sekreterare i NPO hjärt- och kärlsjukdomar?"
    assert "Eva Lindahl" in second.answer and "Lars Wikström" not in second.answer
    assert "läkemedelsrådet" not in third.resolved_question
    assert "sex gånger per år" in third.answer


def test_attribute_questions_inherit_the_body(wide) -> None:
    _, members, secretary = ask_turns(wide, [
        "Vad gör läkemedelsrådet i Norra sjukvårdsregionen?",
        "hur många ledamöter finns?",
        "vem är sekreterare?",
    ])
    assert members.resolved_question == "hur många ledamöter finns i läkemedelsrådet i Norra sjukvårdsregionen?"
    assert "åtta ledamöter" in members.answer
    assert "Lars Wikström" in secretary.answer


def test_the_board_refers_to_the_earlier_body(wide) -> None:
    _, meets, vice = ask_turns(wide, [
        "Who chairs Södra regionvårdsnämnden?",
        "how often does the board meet?",
        "who is the vice chair?",
    ])
    assert meets.resolved_question == "how often does Södra regionvårdsnämnden meet?"
    assert vice.resolved_question == "who is the vice chair of Södra regionvårdsnämnden?"
    assert "Fredrik Ståhl" in vice.answer


@pytest.mark.parametrize(
    "text",
    [
        "Hej igen! Tack för hjälpen sist, vad kan du hjälpa till med?",
        "Hi, thanks for the answers about the regions yesterday. What can you do?",
        "God morgon, hur fungerar du?",
    ],
)
def test_help_request_after_a_greeting_gets_the_help_text(wide, text: str) -> None:
    assert analyse(text, wide.searcher.generation).intent == "smalltalk"
    answer = wide.ask(text)
    assert answer.kind == "help" and not answer.abstained
    assert not answer.answer.startswith(("Varsågod", "You're welcome"))


def test_a_document_question_after_a_greeting_is_still_a_question(wide) -> None:
    answer = wide.ask("Hej! Vad kan du berätta om läkemedelsrådet i Norra sjukvårdsregionen?")
    assert answer.kind != "help"
