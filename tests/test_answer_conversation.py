"""Conversations: follow-ups resolved against the last turn; a self-standing question starts afresh."""

from __future__ import annotations

import json

from click.testing import CliRunner

from answer.conversation import MAX_TURNS, Conversation, Turn
from bot.cli import main
from tests.own_corpus import ask_turns


def test_region_switch(answerer) -> None:
    _, answer = ask_turns(answerer, ["Vem är kontaktperson för Kronoberg i hälsoplattformen?", "och för Blekinge?"])
    assert answer.contacts[0].name == "Karin Nedfors"
    assert "Blekinge" in answer.resolved_question and "hälsoplattformen" in answer.resolved_question


def test_pronoun_reference_to_a_body(answerer) -> None:
    _, answer = ask_turns(answerer, [
        "How is the Regional Cancer Centre South (RCC Syd) funded?",
        "Who does it report to?",
    ])
    assert answer.resolved_question == "Who does RCC Syd report to?"
    assert any("rapporterar" in c.text for c in answer.citations[:3])


def test_follow_up_about_the_person_of_the_previous_answer(answerer) -> None:
    first, answer = ask_turns(answerer, [
        "Vem är kontaktperson för Region Kalmar län i hälsoplattformen?",
        "vilken mejladress har han?",
    ])
    assert first.contacts[0].name == "Pär Eriksson"
    assert "Pär Eriksson" in answer.resolved_question
    assert answer.contacts[0].email == "par.eriksson@regionkalmar.se"


def test_topic_change_does_not_inherit(answerer) -> None:
    _, answer = ask_turns(answerer, [
        "Vem är kontaktperson för Kronoberg i hälsoplattformen?",
        "Vilka övergripande mål har Södra sjukvårdsregionen?",
    ])
    assert answer.resolved_question == ""
    assert not answer.contacts


def test_without_conversation_every_question_stands_alone(answerer) -> None:
    answer = answerer.ask("och för Blekinge?")
    assert answer.resolved_question == ""


def test_state_is_bounded_and_reset() -> None:
    conversation = Conversation()
    for i in range(MAX_TURNS + 3):
        conversation.add(Turn(f"q{i}", f"q{i}", True))
    assert len(conversation.turns) == MAX_TURNS
    conversation.reset()
    assert conversation.turns == []


def test_json_batch_with_conversations(cli_env) -> None:
    lines = [
        json.dumps({"question": "Vem är kontaktperson för Kronoberg i hälsoplattformen?", "conversation": "a"}),
        json.dumps({"question": "Vilka regioner ingår i Södra sjukvårdsregionen?", "conversation": "b"}),
        json.dumps({"question": "och för Blekinge?", "conversation": "a"}),
        "och för Blekinge?",
    ]
    result = CliRunner().invoke(main, ["ask", "--json"], input="\n".join(lines) + "\n", env=cli_env)
    assert result.exit_code == 0, result.output
    payloads = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(payloads) == 4
    assert payloads[2]["conversation"] == "a"
    assert "Blekinge" in payloads[2]["resolved_question"] and payloads[2]["contacts"][0]["name"] == "Karin Nedfors"
    assert payloads[3]["resolved_question"] == "" and "conversation" not in payloads[3]


def test_json_batch_keeps_two_interleaved_conversations_apart(cli_env) -> None:
    lines = [
        {"question": "Vem är kontaktperson för Region Kalmar län i hälsoplattformen?", "conversation": "a"},
        {"question": "How is the Regional Cancer Centre South (RCC Syd) funded?", "conversation": "b"},
        {"question": "vilken mejladress har han?", "conversation": "a"},
        {"question": "Who does it report to?", "conversation": "b"},
        {"question": "Vem är kontaktperson för Region Blekinge?", "conversation": "c"},
        {"question": "och för Halland?", "conversation": "a"},
        {"question": "3", "conversation": "c"},
    ]
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    result = CliRunner().invoke(main, ["ask", "--json"], input=text, env=cli_env)
    assert result.exit_code == 0, result.output
    a1, b1, a2, b2, c1, a3, c2 = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert "Pär Eriksson" in a2["resolved_question"] and a2["contacts"][0]["email"] == "par.eriksson@regionkalmar.se"
    assert b2["resolved_question"] == "Who does RCC Syd report to?" and b2["lang"] == "en"
    assert "RCC" not in a2["resolved_question"] and "Pär" not in b2["resolved_question"]
    assert "Halland" in a3["resolved_question"] and "hälsoplattformen" in a3["resolved_question"]
    assert len(c1["choices"]) >= 3  # several people: the pick by number continues conversation c only
    assert c2["resolved_question"] == c1["choices"][2] and c2["contacts"][0]["name"] == c1["choices"][2]


def test_a_pronoun_after_a_region_switch_refers_to_the_new_region(answerer) -> None:
    _, switched, answer = ask_turns(answerer, [
        "Vilka fokusområden har Sydöstra sjukvårdsregionen?",
        "och Södra?",
        "vem leder den?",
    ])
    assert switched.resolved_question == "Vilka fokusområden har Södra sjukvårdsregionen?"
    assert answer.resolved_question == "vem leder Södra sjukvårdsregionen?"


def test_english_follow_up_stays_english_with_swedish_names(answerer) -> None:
    _, answer = ask_turns(answerer, ["What is the SBHSS health platform?", "when was it formed?"])
    assert answer.resolved_question == "when was the SBHSS health platform formed?"
    assert answer.lang == "en" and not answer.abstained
    assert "formerades 2020" in answer.answer


def test_a_whole_question_opening_with_och_is_a_new_topic(answerer) -> None:
    conversation = Conversation()
    answerer.ask("Vem är kontaktperson för Region Kronoberg i hälsoplattformen?", conversation)
    answer = answerer.ask("Och vad gör Brysselkontoret?", conversation)
    assert answer.resolved_question == "" and not answer.contacts
    fragment = answerer.ask("och hur är det i Blekinge?", Conversation(turns=list(conversation.turns[:1])))
    assert "Blekinge" in fragment.resolved_question and "hälsoplattformen" in fragment.resolved_question


def test_an_elliptic_contact_detail_asks_about_the_person_of_the_last_answer(answerer) -> None:
    _, answer = ask_turns(answerer, [
        "Who is the contact person for Region Kalmar län in the health platform?",
        "and the e-mail address?",
    ])
    assert answer.resolved_question == "the e-mail address of Pär Eriksson?"
    assert answer.contacts[0].email == "par.eriksson@regionkalmar.se"


def test_verb_second_question_topic_is_its_noun_phrase() -> None:
    from answer.topic import topic_phrase

    assert topic_phrase("Vad bygger handlingsplanen för psykisk hälsa i Region Kronoberg på?", []) == (
        "handlingsplanen för psykisk hälsa i Region Kronoberg"
    )
    assert topic_phrase("Vilka regioner ingår i SBHSS?", ["SBHSS"]) == "SBHSS"


def test_states_total_prefers_what_the_body_has() -> None:
    from answer.answerability import states_total

    assert states_total("Nämnden har sex ledamöter och sex ersättare.", ["ledamot"])
    assert states_total("Rådet består av fjorton ledamöter.", ["ledamot"])
    assert not states_total("Fyra ledamöter utses av Västra Götalandsregionen och två av Region Halland.", ["ledamot"])
