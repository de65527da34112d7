"""Abbreviations a document introduces (ingest/abbreviations.py) and person questions that name a
body by one (eval/people3: "Gemensamma nämnden för hjälpmedel (GNH)", "Hjälpmedelscentrum
Västmanland (HMC)", "Beredningsgruppen för hjälpmedel (BGH)")."""

from __future__ import annotations

import pytest

from ingest.abbreviations import abbreviated_body, expand, introduced_abbreviations, long_form
from tests.own_corpus import OWN, answerer_with

PEOPLE3 = OWN.parent / "people3"


@pytest.mark.parametrize(
    ("text", "short", "full"),
    [
        ("Norra sjukvårdsregionförbundet (NRF) är ett kommunalförbund.", "NRF", "Norra sjukvårdsregionförbundet"),
        ("Frågan bereds i ett regionalt programområde (RPO) för varje område.", "RPO", "regionalt programområde"),
        ("Ärendet gick till SVN (samverkansnämnden) i maj.", "SVN", "samverkansnämnden"),
        ("Det beslutar Gemensamma nämnden för hjälpmedel (GNH) i Västmanland.", "GNH", "Gemensamma nämnden för hjälpmedel"),
    ],
)
def test_an_introduced_abbreviation_is_read_with_its_full_name(text: str, short: str, full: str) -> None:
    assert introduced_abbreviations(text)[short] == full


@pytest.mark.parametrize(
    "text",
    [
        "Ordförande: Anna Berg (KD), Region Kronoberg | Oskar Lind (KD)",  # party letters abbreviate nothing
        "Mötet hölls i Umeå (ÖVK) den 4 maj.",  # letters the words before do not spell
    ],
)
def test_parentheses_that_abbreviate_nothing_are_no_abbreviation(text: str) -> None:
    assert introduced_abbreviations(text) == {}


def test_the_full_name_is_the_shortest_run_that_spells_the_letters() -> None:
    # the parts of a compound spell it; a word before that adds nothing is left out
    assert long_form("RSL", "Beslutet fattas av Regionsjukvårdsledningen".split()) == "Regionsjukvårdsledningen"
    assert long_form("ABC", "Beslutet fattas av Regionsjukvårdsledningen".split()) == ""
    assert long_form("BGH", "Ärendena bereds av Beredningsgruppen för hjälpmedel".split()) == "Beredningsgruppen för hjälpmedel"


def test_a_role_phrase_with_an_abbreviation_names_its_body() -> None:
    known = {"HMC": "Hjälpmedelscentrum Västmanland", "KD": "Kristdemokraterna"}
    assert abbreviated_body("Enhetschef HMC", known) == "Hjälpmedelscentrum Västmanland"
    assert abbreviated_body("Ledamot (KD)", known) == ""  # a party is no body
    assert expand("Vem leder HMC?", known) == "Vem leder HMC (Hjälpmedelscentrum Västmanland)?"


@pytest.fixture(scope="module")
def people3(tmp_path_factory, config, built_index):
    return answerer_with(tmp_path_factory.mktemp("people3_abbreviations"), config, PEOPLE3)


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Vem är ordförande i GNH?", "Petra Holm"),  # the abbreviation alone
        ("Vem är vice ordförande i GNH i Västmanland?", "Lars Ekström"),
        ("Vem är chef för Hjälpmedelscentrum i Västmanland?", "Nadia Karimi"),  # "Enhetschef HMC" in a table
        ("Vem leder beredningsgruppen för hjälpmedel i Västmanland?", "Helena Strand"),  # "Sammankallande i BGH är …"
    ],
)
def test_a_body_named_by_its_abbreviation_finds_its_people(people3, question: str, name: str) -> None:
    answer = people3.ask(question)
    assert not answer.abstained, answer.answer
    assert answer.contacts and answer.contacts[0].name == name, answer.answer


def test_an_unknown_abbreviation_still_finds_nobody(people3) -> None:
    answer = people3.ask("Vem är ordförande i XQZ?")
    assert not answer.contacts
