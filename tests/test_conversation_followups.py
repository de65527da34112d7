"""Follow-ups on documents in other layouts (eval/own + eval/convo: a regionvårdsnämnd table with
contact people per region, a Halland ledningsgrupp web page, a Kronoberg plan, a second
samverkansnämnd and a second RCC): region switches, pronouns, people of the previous answer,
English, topic changes, clarifying choices between bodies and regions, and picks."""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.conversation import Conversation
from tests.own_corpus import answerer_with, ask_turns

EVAL = Path(__file__).resolve().parent.parent / "eval"


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory, config, built_index):
    """An answerer over the real corpus plus eval/own and eval/convo (the session's embedding cache seeded)."""
    return answerer_with(tmp_path_factory.mktemp("followups"), config, *(EVAL / folder for folder in ("own", "convo",)))


def _offered(answer) -> str:
    return "\n".join(c.text for c in answer.citations + answer.related)


def test_region_switch_with_then_and_bare_region(wide) -> None:
    first, second, third = ask_turns(wide, [
        "Vem är kontaktperson i Region Halland för Södra regionvårdsnämnden?",
        "och för Region Blekinge då?",
        "Kronoberg?",
    ])
    assert first.contacts[0].email == "jesper.dahl@regionhalland.se"
    assert "Blekinge" in second.resolved_question and "regionvårdsnämnden" in second.resolved_question
    assert second.contacts[0].email == "sanna.roos@regionblekinge.se"
    assert third.contacts[0].email == "viktor.falk@kronoberg.se"


def test_they_refers_to_the_body_of_the_previous_question(wide) -> None:
    _, answer = ask_turns(wide, ["Vad gör Södra regionvårdsnämnden?", "när träffas de?"])
    assert answer.resolved_question == "när träffas Södra regionvårdsnämnden?"
    assert "sex gånger per år" in _offered(answer)


def test_definite_head_noun_refers_to_the_body(wide) -> None:
    _, answer = ask_turns(wide, [
        "Vad ska ledningsgruppen för nära vård i Halland ta fram?",
        "hur ofta träffas gruppen?",
    ])
    assert "ledningsgruppen för nära vård i Halland" in answer.resolved_question
    assert "en gång i månaden" in answer.answer


def test_her_refers_to_the_person_the_previous_answer_named(wide) -> None:
    _, answer = ask_turns(wide, ["Vem leder ledningsgruppen för nära vård i Halland?", "hur når jag henne?"])
    assert "Karin Malmberg" in answer.resolved_question
    assert answer.contacts[0].email == "karin.malmberg@regionhalland.se"


def test_english_follow_ups_switch_region_and_ask_about_the_person(wide) -> None:
    _, second, third = ask_turns(wide, [
        "Who is the contact person for Region Halland in Södra regionvårdsnämnden?",
        "what about Kronoberg?",
        "what is his e-mail?",
    ])
    assert second.lang == "en" and second.contacts[0].name == "Viktor Falk"
    assert "Viktor Falk" in third.resolved_question
    assert third.contacts[0].email == "viktor.falk@kronoberg.se"


def test_how_long_it_is_valid_is_answered_with_the_period(wide) -> None:
    _, answer = ask_turns(wide, [
        "Vad bygger handlingsplanen för psykisk hälsa i Region Kronoberg på?",
        "hur länge gäller den?",
    ])
    assert not answer.abstained
    assert "2025–2028" in "\n".join(answer.answer.splitlines()[:2])


def test_a_new_topic_does_not_inherit_the_region_or_the_person(wide) -> None:
    _, answer, article, construction = ask_turns(wide, [
        "Vem är kontaktperson för Region Blekinge i Södra regionvårdsnämnden?",
        "Hur finansieras Regionalt cancercentrum Norr?",
        "Vad gör det regionala cancercentrumet i norr?",
        "Vad är det för skillnad mellan RPO och NPO?",
    ])
    assert answer.resolved_question == ""
    assert "finansieras gemensamt" in _offered(answer)
    assert article.resolved_question == ""  # "det regionala ..." is an article, not a pronoun
    assert construction.resolved_question == ""  # "Vad är det för ...": the pronoun refers to nothing


def test_several_bodies_of_one_kind_are_offered_as_choices(wide) -> None:
    answer = wide.ask("Vad gör RCC?")
    assert {"RCC Norr", "RCC Syd"} <= set(answer.choices)
    nämnd = wide.ask("Vem leder samverkansnämnden?")
    assert {"Norra sjukvårdsregionen", "Sydöstra sjukvårdsregionen"} <= set(nämnd.choices)


def test_no_choices_when_the_question_names_which_one(wide) -> None:
    assert wide.ask("Vad gör RCC Norr?").choices == []
    assert wide.ask("Hur finansieras Regionalt cancercentrum Norr?").choices == []
    assert wide.ask("Hur ofta sammanträder samverkansnämnden i norr?").choices == []


def test_a_pick_by_number_or_name_continues_the_question(wide) -> None:
    conversation = Conversation()
    offered = wide.ask("Vem leder samverkansnämnden?", conversation)
    number = offered.choices.index("Sydöstra sjukvårdsregionen") + 1
    picked = wide.ask(str(number), conversation)
    assert picked.resolved_question == "Vem leder samverkansnämnden i Sydöstra sjukvårdsregionen?"
    assert "Lena Hallberg" in picked.answer
    _, by_name = ask_turns(wide, ["What does RCC do?", "RCC Norr"])
    assert by_name.resolved_question == "What does RCC Norr do?" and by_name.lang == "en"
    assert "RCC Norr" in _offered(by_name)


def test_an_elliptic_role_replaces_the_role_of_the_last_question(wide) -> None:
    _, answer = ask_turns(wide, [
        "Vem är ordförande i samverkansnämnden i Sydöstra sjukvårdsregionen?",
        "och vice ordförande?",
    ])
    assert answer.resolved_question == "Vem är vice ordförande i samverkansnämnden i Sydöstra sjukvårdsregionen?"
    assert "Mats Lindgren" in answer.answer


def test_terminal_numbers_the_choices_and_a_number_picks_one(wide) -> None:
    from bot.terminal import ChatSession

    session = ChatSession(wide, height=200)
    shown = session.handle("Vad gör RCC?")
    assert session.last is not None and "RCC Norr" in session.last.choices
    number = session.last.choices.index("RCC Norr") + 1
    assert f"  {number}. RCC Norr" in shown
    shown = session.handle(str(number))
    assert "Jag tolkar frågan som: Vad gör RCC Norr?" in shown


def test_a_role_question_about_a_kind_of_body_offers_the_bodies(wide) -> None:
    offered, picked = ask_turns(wide, ["Vem är ordförande i samverkansnämnden?", "Sydöstra sjukvårdsregionen"])
    assert {"Norra sjukvårdsregionen", "Sydöstra sjukvårdsregionen"} <= set(offered.choices)
    assert picked.resolved_question == "Vem är ordförande i samverkansnämnden i Sydöstra sjukvårdsregionen?"
    assert [c.name for c in picked.contacts] == ["Lena Hallberg"]
