"""People by role: canonical role words, exact roles (vice ordförande is not ordförande), body and
organisation matching, no loose guesses, and names that are not in the documents."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.contact_search import (
    merge_people,
    people_by_role,
    search_people,
    unknown_person_name,
)
from ingest.model import Contact
from ingest.roles import canonical_role, roles_match


@pytest.mark.parametrize(
    "text,canonical",
    [
        ("Ordf.", "ordförande"),
        ("ordförande", "ordförande"),
        ("Vice ordförande", "vice ordförande"),
        ("1:e vice ordförande", "förste vice ordförande"),
        ("v. ordf", "vice ordförande"),
        ("Vice Chair", "vice ordförande"),
        ("chairperson", "ordförande"),
        ("Ledamöter", "ledamot"),
        ("suppleant", "ersättare"),
        ("leder", "ledare"),
        ("Verksamhetschef", "verksamhetschef"),
        ("Nämndsekreterare", "nämndsekreterare"),
        ("secretary", "sekreterare"),
        ("kontaktpersoner", "kontaktperson"),
        ("rapporterar till nämnden", ""),
    ],
)
def test_canonical_role(text: str, canonical: str) -> None:
    assert canonical_role(text) == canonical


def test_vice_is_its_own_role() -> None:
    assert not roles_match("ordförande", "vice ordförande")
    assert not roles_match("vice ordförande", "ordförande")
    assert roles_match("chef", "verksamhetschef")
    assert roles_match("sekreterare", "nämndsekreterare")
    assert not roles_match("verksamhetschef", "chef")


@pytest.fixture()
def directory() -> list[Contact]:
    body = "Samverkansnämnden i Norra sjukvårdsregionen"
    return [
        Contact(name="Tove Marklund", role="ordförande", body=body, organisation="Region Västerbotten",
                document="norra-nampnd.txt", quote="Tove Marklund (S), Region Västerbotten, ordförande"),
        Contact(name="Henrik Öberg", role="vice ordförande", body=body, organisation="Region Norrbotten",
                document="norra-nampnd.txt", quote="Henrik Öberg (M), Region Norrbotten, vice ordförande"),
        Contact(name="Lisa Wiklund", role="ersättare", body=body, organisation="Region Jämtland Härjedalen",
                document="norra-nampnd.txt", quote="Lisa Wiklund (C), Region Jämtland Härjedalen"),
        Contact(name="Jonas Forsberg", role="ledare", body="Tjänstemannaberedningen", organisation="",
                document="beredning.txt", quote="Jonas Forsberg leder tjänstemannaberedningen i Region Gävleborg."),
        Contact(name="Jonas Forsberg", email="jonas.forsberg@regiongavleborg.se", role="Kontaktperson",
                organisation="Region Gävleborg", document="kontakt.txt", quote="Jonas Forsberg, jonas.forsberg@regiongavleborg.se"),
        Contact(name="", email="kansli@rccnorr.se", role="Funktionsbrevlåda", document="rcc.txt"),
    ]


def names(people: list) -> list[str]:
    return [p.name for p in people]


def test_chair_of_a_body(directory) -> None:
    assert names(people_by_role(directory, "ordförande", ["samverkansnämnden"], None)) == ["Tove Marklund"]
    assert names(people_by_role(directory, "Ordf", ["samverkansnämnd", "norra"], None)) == ["Tove Marklund"]


def test_vice_chair_is_not_the_chair(directory) -> None:
    assert names(people_by_role(directory, "vice ordförande", ["samverkansnämnden"], None)) == ["Henrik Öberg"]


def test_organisation_narrows(directory) -> None:
    assert names(people_by_role(directory, "ersättare", ["samverkansnämnden"], "Region Jämtland Härjedalen")) == ["Lisa Wiklund"]
    assert people_by_role(directory, "ordförande", ["samverkansnämnden"], "Region Skåne") == []


def test_leader_found_by_verb_and_region_in_the_line(directory) -> None:
    found = people_by_role(directory, "leder", ["tjänstemannaberedningen"], "Region Gävleborg")
    assert names(found) == ["Jonas Forsberg"]
    # the same person's address row joins them: the card can show the e-mail
    assert found[0].email == "jonas.forsberg@regiongavleborg.se"
    assert found[0].sources[0].body == "Tjänstemannaberedningen"


@pytest.mark.parametrize(
    "role,terms,organisation",
    [
        ("sekreterare", ["samverkansnämnden"], None),  # nobody holds the role
        ("ordförande", ["regionsjukvårdsledningen"], None),  # another body
        ("ordförande", ["tjänstemannaberedningen"], None),  # the leader is not called chair
        (None, [], None),  # nothing asked
        ("ledamot", ["samverkansnämnden"], None),  # ersättare and chairs are not listed as ledamot
    ],
)
def test_no_loose_guess(directory, role, terms, organisation) -> None:
    assert people_by_role(directory, role, terms, organisation) == []


def test_role_person_without_address_is_merged_with_address_person(directory) -> None:
    people = {p.name: p for p in merge_people(directory)}
    assert len([p for p in merge_people(directory) if p.name == "Jonas Forsberg"]) == 1
    assert people["Tove Marklund"].email == ""
    assert people["Tove Marklund"].organisation == "Region Västerbotten"


def test_search_people_finds_role_people_by_name(directory) -> None:
    assert names(search_people(directory, "Tove Marklund"))[:1] == ["Tove Marklund"]


@pytest.mark.parametrize(
    "question,expected",
    [
        ("Vem är Eva-Lena Aspetorp?", "Eva-Lena Aspetorp"),
        ("Vilken mejladress har Maria Lindqvist?", "Maria Lindqvist"),
        ("Is Anders Nilsson the chair?", "Anders Nilsson"),
        ("Vem är Tove Marklund?", None),
        ("vem är tove marklund", None),  # not capitalised: no name claimed
        ("Hur når jag Tove Marklun?", None),  # a typo of a known name
        ("Vem är ordförande i Samverkansnämnden Västra Götaland?", None),
        ("Vem leder RCC Syd?", None),
        ("Vad gör Region Skåne och Region Halland?", None),
        ("Tove Öberg", "Tove Öberg"),  # two known words of two different people are not a known person
    ],
)
def test_unknown_person_name(directory, question, expected) -> None:
    assert unknown_person_name(question, directory) == expected


def test_namesakes_of_different_regions_stay_apart() -> None:
    rows = [
        Contact(name="Anna Berg", role="ordförande", body="Nämnd A", organisation="Region Skåne", document="a.txt"),
        Contact(name="Anna Berg", role="ledamot", body="Nämnd A", organisation="Region Skåne", document="a.txt"),
        Contact(name="Anna Berg", role="sekreterare", body="Råd B", organisation="Region Dalarna", document="b.txt"),
    ]
    people = merge_people(rows)
    assert sorted((p.organisation, len(p.sources)) for p in people) == [("Region Dalarna", 1), ("Region Skåne", 2)]
