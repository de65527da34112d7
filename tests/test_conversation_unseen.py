"""Follow-ups and English questions on documents in layouts written for this check
(eval/convo5: minutes with a member table, an e-health contact table per region, an HTML
member list with contact people per region, an annual report by year, local teams of a
county): a pronoun after an answer that gives several people, a pronoun after a decline,
a part of a county ("Södra Dalarna") that is no health-care region, an English role
phrase ("process leader"), and "de" as the subject after a verb."""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.conversation import Turn
from answer.period_followup import with_period
from answer.pronouns import pronoun_positions
from answer.referents import named_people, person_for, replace_pronoun
from tests.own_corpus import answerer_with, ask_turns

EVAL = Path(__file__).resolve().parent.parent / "eval"


@pytest.fixture(scope="module")
def unseen(tmp_path_factory: pytest.TempPathFactory, config, built_index):
    """An answerer over the real corpus plus eval/convo5 (the session's embedding cache seeded)."""
    return answerer_with(tmp_path_factory.mktemp("convo5"), config, EVAL / "convo5")


def test_pronoun_after_several_people_means_the_one_holding_the_asked_role(unseen) -> None:
    _, listed, answer = ask_turns(unseen, [
        "Vem är kontaktperson för Region Norrbotten i styrgruppen för kunskapsstyrning?",
        "och i Västernorrland?",
        "hur når jag honom?",
    ])
    assert listed.contacts[0].name == "Tobias Falk"  # the asked role first (members may follow)
    assert "Tobias Falk" in answer.resolved_question
    assert answer.contacts[0].email == "tobias.falk@rvn.se"


def test_part_of_a_county_is_no_health_care_region(unseen) -> None:
    first, second, third = ask_turns(unseen, [
        "Vem är lokal samordnare i Södra Dalarna?",
        "och i Norra Dalarna?",
        "vad har hon för telefonnummer?",
    ])
    assert not first.abstained and first.contacts[0].email == "hanna.nyberg@regiondalarna.se"
    assert second.contacts[0].email == "karin.mattsson@regiondalarna.se"
    assert "Karin Mattsson" in third.resolved_question
    assert "023-49 00 03" in third.answer


def test_english_pronoun_and_region_switch_over_a_swedish_contact_table(unseen) -> None:
    first, second, third = ask_turns(unseen, [
        "Who is the coordinator for Region Gotland in the e-health collaboration?",
        "what about Stockholm?",
        "what is his phone number?",
    ])
    assert first.contacts[0].email == "linnea.holm@gotland.se"
    assert second.contacts[0].email == "karl.wennberg@regionstockholm.se"
    assert "Karl Wennberg" in third.resolved_question and "08-123 456 70" in third.answer


def test_english_role_phrase_is_one_swedish_role(unseen) -> None:
    answer = unseen.ask("Who is the process leader of Vårdsamverkan Fyrbodal?")
    assert not answer.abstained
    assert "Sara Ekström" in answer.answer


def test_year_switch_keeps_the_role_and_body(unseen) -> None:
    first, second = ask_turns(unseen, [
        "Vem var ordförande i den politiska samrådsgruppen i Vårdsamverkan Fyrbodal 2025?",
        "och 2024?",
    ])
    assert "Lena Dahl" in first.answer
    assert "Bengt Ohlsson" in second.answer


def test_gendered_pronoun_skips_a_person_of_the_other_gender() -> None:
    assert person_for("henne", ["Per Åström", "Karin Mattsson"]) == "Karin Mattsson"
    assert person_for("honom", ["Karin Mattsson", "Per Åström"]) == "Per Åström"
    assert person_for("hen", ["Karin Mattsson", "Per Åström"]) == "Karin Mattsson"
    assert person_for("hon", ["Per Åström"]) == "Per Åström"  # nobody fits: the table may be wrong


def test_person_pronoun_after_a_decline_is_the_person_asked_for_not_a_place() -> None:
    previous = Turn(
        "Vem är lokal samordnare i Norra Dalarna?", "Vem är lokal samordnare i Norra Dalarna?", False,
        entities=[("region", "Dalarna")], topic="Dalarna",
    )
    assert replace_pronoun("vad har hon för telefonnummer?", previous) == (
        "vad har lokal samordnare i Norra Dalarna för telefonnummer?"
    )


def test_named_people_puts_the_line_sharing_the_follow_ups_words_first() -> None:
    answer = (
        "Arbetsgrupp högspecialiserad vård – sammankallande: Malin Ödlund, Region Västerbotten. [1]\n"
        "• Arbetsgrupp kompetensförsörjning – sammankallande: Jessica Lindholm, Region Västernorrland. [1]"
    )
    people = named_people(answer, {"Malin Ödlund", "Jessica Lindholm"}, "och för kompetensförsörjning?")
    assert people[0] == "Jessica Lindholm"
    assert named_people(answer, {"Malin Ödlund", "Jessica Lindholm"}, "Vem är sammankallande?")[0] == "Malin Ödlund"


def test_they_after_a_finite_verb_is_a_pronoun_not_an_article() -> None:
    assert pronoun_positions("var brukar de traffas".split()) == {2}
    assert pronoun_positions("vad har de fem regionerna gemensamt".split()) == set()
    assert pronoun_positions("vilka mal kan de nya riktlinjerna na".split()) == set()


def test_period_follow_up_asks_the_previous_question_about_the_other_year(unseen) -> None:
    _, answer = ask_turns(unseen, [
        "Vad var rådets budget för 2025 i Samverkansrådet för barn och unga i Gävleborg?",
        "och året innan?",
    ])
    assert answer.resolved_question == "Vad var rådets budget för 2024 i Samverkansrådet för barn och unga i Gävleborg?"
    assert "1,5 miljoner kronor" in "\n".join(c.text for c in answer.citations)
    _, before = ask_turns(unseen, [
        "Who chaired the political consultation group of Vårdsamverkan Fyrbodal in 2025?",
        "and the year before?",
    ])
    assert "in 2024" in before.resolved_question


def test_period_follow_up_needs_nothing_but_a_period() -> None:
    assert with_period("och förra året?", "Vad var budgeten 2025?") == "Vad var budgeten 2024?"
    assert with_period("and in 2023?", "Who chaired the board in 2025?") == "Who chaired the board in 2023?"
    assert with_period("och vice ordförande?", "Vem var ordförande 2025?") is None
    assert with_period("vad gjorde de förra året?", "Vad var budgeten 2025?") is None


def test_their_e_mail_after_a_person_and_a_modified_role_swap(unseen) -> None:
    _, answer = ask_turns(unseen, [
        "Vem är informationssäkerhetsansvarig för Region Gotland inom e-hälsa?",
        "vad har de för telefonnummer?",
    ])
    assert answer.resolved_question == "vad har Oskar Berg för telefonnummer?"
    assert "0498-26 90 12" in answer.answer
    _, vice, email = ask_turns(unseen, [
        "Who is the secretary of the steering group for knowledge management in the northern healthcare region?",
        "and the vice chair?",
        "what is his email?",
    ])
    assert "vice chair" in vice.resolved_question and vice.contacts[0].name == "Hans Lidén"
    assert email.contacts[0].email == "hans.liden@norrbotten.se"


def test_role_compound_swaps_and_term_of_office_is_the_bodys(unseen) -> None:
    _, swapped = ask_turns(unseen, [
        "Vem är samordnare för Region Stockholm i samverkan e-hälsa?",
        "och informationssäkerhetsansvarig?",
    ])
    assert swapped.resolved_question == "Vem är informationssäkerhetsansvarig för Region Stockholm i samverkan e-hälsa?"
    assert swapped.contacts[0].email == "eva.strand@regionstockholm.se"
    _, term = ask_turns(unseen, [
        "Hur ofta sammanträder styrgruppen för kunskapsstyrning?",
        "hur lång är mandatperioden?",
    ])
    assert "styrgruppen för kunskapsstyrning" in term.resolved_question and "två år" in term.answer


def test_english_region_switch_by_direction_and_by_a_joint_name(unseen) -> None:
    _, south, joint = ask_turns(unseen, [
        "Who is the contact person for Region Norrbotten in the steering group for knowledge management?",
        "what about the southern region?",
        "what about Stockholm-Gotland?",
    ])
    assert south.resolved_question == (
        "Who is the contact person for the southern region in the steering group for knowledge management?"
    )
    assert joint.resolved_question == (
        "Who is the contact person for Stockholm-Gotland in the steering group for knowledge management?"
    )
    assert joint.answer.startswith("The documents name no contact person")  # English, as asked
