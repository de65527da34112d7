"""Conversations that carry the asked role, person or full body name across turns, small
talk with polite trailing words, money questions and count questions, on documents in
other layouts (eval/convo: a läkemedelsråd with terms of office and a secretary by year,
two NPO pages, a samverkansnämnd's rules with counts and fees)."""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.query import analyse
from tests.own_corpus import answerer_with, ask_turns

EVAL = Path(__file__).resolve().parent.parent / "eval"


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory, config, built_index):
    """An answerer over the real corpus plus eval/own and eval/convo (the session's embedding cache seeded)."""
    return answerer_with(tmp_path_factory.mktemp("carryover"), config, *(EVAL / folder for folder in ("own", "convo",)))


@pytest.mark.parametrize(
    "text", ["Thanks, that was really helpful!", "tack, det var till stor hjälp!", "Thank you so much, this was very useful."]
)
def test_thanks_with_polite_words_is_small_talk(wide, text: str) -> None:
    assert analyse(text, wide.searcher.generation).intent == "smalltalk"
    answer = wide.ask(text)
    assert answer.kind == "help" and not answer.abstained
    assert answer.answer.startswith(("Varsågod", "You're welcome"))


def test_thanks_after_an_answer_is_not_a_follow_up(wide) -> None:
    _, thanks, real = ask_turns(wide, [
        "Vem är ordförande i Södra regionvårdsnämnden?",
        "tack, det var bra!",
        "Hej, vem är sekreterare i samverkansnämnden i Sydöstra?",
    ])
    assert thanks.kind == "help" and not thanks.resolved_question
    assert real.kind != "help" and "Sofia Karlsson" in real.answer


def test_body_switch_keeps_the_asked_role_and_becomes_the_topic(wide) -> None:
    _, second, third = ask_turns(wide, [
        "Vem är ordförande i Södra regionvårdsnämnden?",
        "och i samverkansnämnden i Sydöstra?",
        "när och var är deras nästa möte?",
    ])
    assert second.resolved_question == "Vem är ordförande i samverkansnämnden i Sydöstra?"
    assert "Lena Hallberg" in second.answer.splitlines()[1]
    assert "samverkansnämnden i Sydöstra" in third.resolved_question
    assert "Södra regionvårdsnämnden" not in third.resolved_question


def test_how_long_is_she_that_asks_for_her_term_in_the_role(wide) -> None:
    _, answer = ask_turns(wide, [
        "Vem är ordförande i Läkemedelsrådet i Norra sjukvårdsregionen?",
        "hur länge är hon det?",
    ])
    assert "Karin Ljung ordförande i Läkemedelsrådet" in answer.resolved_question
    assert not answer.abstained
    assert "2025–2026" in answer.answer.splitlines()[0]


def test_now_drops_the_earlier_year_and_keeps_the_body(wide) -> None:
    _, answer = ask_turns(wide, [
        "Who was the secretary of the pharmaceutical council in the northern healthcare region in 2020?",
        "And who is the secretary now?",
    ])
    assert "2020" not in answer.resolved_question
    assert answer.resolved_question.endswith("of the pharmaceutical council in the northern healthcare region?")
    assert answer.resolved_question.count("secretary") == 1
    assert "Lars Wikström" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Hur mycket arvode får ledamöterna i samverkansnämnden i Västra sjukvårdsregionen?",
        "How much do the representatives in NPO lung and allergy diseases get paid?",
    ],
)
def test_money_question_without_an_amount_is_declined_by_name(wide, question: str) -> None:
    assert analyse(question, wide.searcher.generation).expected == "amount"
    answer = wide.ask(question)
    assert answer.abstained
    assert answer.answer.startswith(("Dokumenten anger inget belopp", "The documents give no amount"))


def test_topic_change_in_words_starts_afresh_and_count_prefers_the_total(wide) -> None:
    _, answer = ask_turns(wide, [
        "Vem är ordförande i Södra regionvårdsnämnden?",
        "En helt annan sak: hur många ledamöter har samverkansnämnden i Västra sjukvårdsregionen?",
    ])
    assert not answer.resolved_question
    assert answer.answer.startswith("Nämnden har sex ledamöter")


def test_follow_up_keeps_the_full_name_of_an_abbreviated_body(wide) -> None:
    _, secretary, valid = ask_turns(wide, [
        "Vad gör NPO lung- och allergisjukdomar?",
        "vem är sekreterare där?",
        "hur länge gäller det?",
    ])
    assert secretary.resolved_question == "vem är sekreterare i NPO lung- och allergisjukdomar?"
    assert "Maria Nilsson" in secretary.answer and "Eva Lindahl" not in secretary.answer
    assert valid.resolved_question == "hur länge gäller NPO lung- och allergisjukdomar?"
