"""Contact extraction: every e-mail person of the sample corpus, plus team-written documents in other
layouts (pipe/semicolon/multi-space tables, comma lists, prose with the name after the address,
contact cards, author lines, function mailboxes that must not get a person's name)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from ingest.contacts import extract_contacts
from ingest.model import Contact, Page

CORPUS = ROOT / "corpus"


def _pages(path: Path) -> list[Page]:
    """Tiny local reader: text files are page 1, PDFs one page per pypdf page."""
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return [Page(i + 1, p.extract_text() or "") for i, p in enumerate(PdfReader(path).pages)]
    return [Page(1, path.read_text(encoding="utf-8"))]


def _title(pages: list[Page]) -> str:
    """First line that is not a skip link: good enough as a title for the role text."""
    for line in pages[0].text.splitlines():
        if line.strip() and not line.strip().lower().startswith(("direkt till", "hoppa till")):
            return line.strip()
    return ""


@pytest.fixture(scope="module")
def corpus_contacts() -> dict[str, Contact]:
    found: dict[str, Contact] = {}
    for path in sorted(CORPUS.iterdir()):
        if path.suffix not in (".txt", ".pdf"):
            continue
        pages = _pages(path)
        for c in extract_contacts(path.name, _title(pages), pages):
            if not c.email:
                continue  # people named with a role only: tests/test_people_roles.py
            assert c.email not in found, f"{c.email} found twice"
            found[c.email] = c
    return found


CORPUS_PEOPLE = [
    # email, name, organisation, document, words the role must contain
    ("goran.henriks@rjl.se", "Göran Henriks", "Region Jönköpings län", "sbhss-halsoplattform.txt", ["arbetsgrupp"]),
    ("jenny.salomonsson@kronoberg.se", "Jenny Salomonsson", "Region Kronoberg", "sbhss-halsoplattform.txt", ["arbetsgrupp"]),
    ("par.eriksson@regionkalmar.se", "Pär Eriksson", "Region Kalmar län", "sbhss-halsoplattform.txt", ["arbetsgrupp"]),
    ("karin.nedfors@regionblekinge.se", "Karin Nedfors", "Region Blekinge", "sbhss-halsoplattform.txt", ["arbetsgrupp"]),
    ("stefan.lonn@regionhalland.se", "Stefan Lönn", "Region Halland", "sbhss-halsoplattform.txt", ["arbetsgrupp", "hälsoplattform"]),
    ("linda.reinholdsson@sbhss.eu", "Linda Reinholdsson", "SBHSS Brysselkontor", "sbhss-halsoplattform.txt", ["arbetsgrupp"]),
    ("kristiina.heikkila@lnu.se", "Kristiina Heikkilä", "Linnéuniversitetet", "sbhss-halsoplattform.txt", ["arbetsgrupp"]),
    ("ann-sofi.isaksson@regionhalland.se", "Ann-Sofi Isaksson", "Region Halland", "samarbete-for-battre-vard.txt", ["representant", "samarbete för bättre vård"]),
    ("conny.thalin@rjl.se", "Conny Thalin", "Region Jönköpings län", "sydostra-sjukvardsregionen-fokusomraden.txt", ["uppdater"]),
]


def test_corpus_has_exactly_the_e_mail_people(corpus_contacts: dict[str, Contact]) -> None:
    assert sorted(corpus_contacts) == sorted(p[0] for p in CORPUS_PEOPLE)


@pytest.mark.parametrize("email,name,organisation,document,role_words", CORPUS_PEOPLE)
def test_corpus_person(corpus_contacts, email, name, organisation, document, role_words) -> None:
    c = corpus_contacts[email]
    assert c.name == name
    assert c.organisation == organisation
    assert c.document == document
    assert c.page == 1
    assert email in c.quote
    assert c.role
    for word in role_words:
        assert word in c.role.lower(), (word, c.role)
    assert c.name_guessed is (email == "conny.thalin@rjl.se")


def test_trailing_comma_is_not_part_of_the_address(corpus_contacts) -> None:
    assert "jenny.salomonsson@kronoberg.se" in corpus_contacts
    assert not any(e.endswith(",") for e in corpus_contacts)


def test_quote_is_the_source_line(corpus_contacts) -> None:
    assert corpus_contacts["par.eriksson@regionkalmar.se"].quote == "Region Kalmar län\tPär Eriksson\tpar.eriksson@regionkalmar.se"
    assert corpus_contacts["ann-sofi.isaksson@regionhalland.se"].quote.startswith("Om du har idéer")


def test_halland_representative_role_mentions_halland(corpus_contacts) -> None:
    assert "hallands representant" in corpus_contacts["ann-sofi.isaksson@regionhalland.se"].role.lower()


# --- team-written documents ----------------------------------------------------------------

NETWORK = """Nätverket för nära vård

Arbetsgruppen för nära vård består av följande personer:

Namn | Roll | Organisation | E-post
Maria Holm | samordnare | Västra Götalandsregionen | maria.holm@vgregion.se
Lars-Erik Ström | processledare | Region Värmland | lars-erik.strom@regionvarmland.se |

Region Örebro län;  Johanna Berg;  johanna.berg@regionorebrolan.se;
Region Gävleborg    Anders Öhman    anders.ohman@regiongavleborg.se

Kontakt: Sara Lindqvist, utvecklingsledare, Region Dalarna, sara.lindqvist@regiondalarna.se

Frågor om nätverket kan skickas till mats.ek@regionvastmanland.se (Mats Ek, strateg i Region Västmanland).

Ordförande i styrgruppen är Eva Nilsson, Region Skåne (eva.nilsson@skane.se). Sekreterare är Per Holmgren, per.holmgren@kronoberg.se.

För frågor om projektet, kontakta projektledaren Karin Ståhl på k.stahl@ltblekinge.se eller 0455-73 10 00.

Allmänna frågor: info@regionsormland.se
Registrator: mailto:registrator@regionuppsala.se
Skriv till kansli@sjukvardsregion.se för kallelser.

Senast granskad 3 mars 2023 av björn.östlund@rvn.se
"""

CARDS_PAGE_1 = """Uppföljning av avtalet 2024
Sida 1 av 2
Avtalet följs upp årligen av samverkansgruppen.
"""

CARDS_PAGE_2 = """Kontaktpersoner

Anna Larsson
Verksamhetsutvecklare, Region Kronoberg
anna.larsson@kronoberg.se

Region Skåne Olof Bengtsson olof.bengtsson@skane.se
Växjö kommun | Emma Sjöberg | emma.sjoberg@vaxjo.se

For questions, please contact John Smith (john.smith@lnu.se), project coordinator at Linnaeus University.

Har du frågor? Mejla åsa.öberg@regionhalland.se eller ring växeln.
Välkommen att höra av dig till samverkansgruppens kansli: kansliet@sydost.se
Nyhetsbrevet skickas från nyhetsbrev@regionkalmar.se
Ansvarig utgivare: Ingrid Wallin (ingrid [at] regionostergotland.se)
"""


def _by_email(contacts: list[Contact]) -> dict[str, Contact]:
    return {c.email: c for c in contacts if c.email}


NETWORK_PEOPLE = [
    ("maria.holm@vgregion.se", "Maria Holm", "Västra Götalandsregionen", "samordnare"),
    ("lars-erik.strom@regionvarmland.se", "Lars-Erik Ström", "Region Värmland", "processledare"),
    ("johanna.berg@regionorebrolan.se", "Johanna Berg", "Region Örebro län", "arbetsgruppen för nära vård"),
    ("anders.ohman@regiongavleborg.se", "Anders Öhman", "Region Gävleborg", "arbetsgruppen för nära vård"),
    ("sara.lindqvist@regiondalarna.se", "Sara Lindqvist", "Region Dalarna", "utvecklingsledare"),
    ("mats.ek@regionvastmanland.se", "Mats Ek", "Region Västmanland", "strateg"),
    ("eva.nilsson@skane.se", "Eva Nilsson", "Region Skåne", "ordförande i styrgruppen"),
    ("per.holmgren@kronoberg.se", "Per Holmgren", "Region Kronoberg", "sekreterare"),
    ("k.stahl@ltblekinge.se", "Karin Ståhl", "Region Blekinge", "projektledare"),
]


@pytest.mark.parametrize("email,name,organisation,role_word", NETWORK_PEOPLE)
def test_team_document_layouts(email, name, organisation, role_word) -> None:
    c = _by_email(extract_contacts("natverk.txt", "Nätverket för nära vård", [Page(1, NETWORK)]))[email]
    assert (c.name, c.organisation, c.name_guessed) == (name, organisation, False)
    assert role_word in c.role.lower(), c.role
    assert "Nätverket för nära vård" in c.role


def test_team_document_finds_every_address() -> None:
    found = _by_email(extract_contacts("natverk.txt", "Nätverket för nära vård", [Page(1, NETWORK)]))
    expected = {p[0] for p in NETWORK_PEOPLE} | {
        "info@regionsormland.se", "registrator@regionuppsala.se", "kansli@sjukvardsregion.se", "björn.östlund@rvn.se",
    }
    assert set(found) == expected


@pytest.mark.parametrize("email", ["info@regionsormland.se", "registrator@regionuppsala.se", "kansli@sjukvardsregion.se"])
def test_function_mailboxes_get_no_person_name(email) -> None:
    c = _by_email(extract_contacts("natverk.txt", "Nätverket för nära vård", [Page(1, NETWORK)]))[email]
    assert c.name == "" and c.name_guessed is False
    assert c.role.startswith("Funktionsbrevlåda")


def test_mailbox_keeps_region_from_domain() -> None:
    c = _by_email(extract_contacts("natverk.txt", "Nätverket för nära vård", [Page(1, NETWORK)]))["info@regionsormland.se"]
    assert c.organisation == "Region Sörmland"


def test_author_line_with_swedish_letters_is_guessed() -> None:
    c = _by_email(extract_contacts("natverk.txt", "Nätverket för nära vård", [Page(1, NETWORK)]))["björn.östlund@rvn.se"]
    assert (c.name, c.name_guessed, c.organisation) == ("Björn Östlund", True, "Region Västernorrland")
    assert c.role.startswith("Författare/uppdaterat sidan")


CARD_PEOPLE = [
    ("anna.larsson@kronoberg.se", "Anna Larsson", "Region Kronoberg", "verksamhetsutvecklare", False),
    ("olof.bengtsson@skane.se", "Olof Bengtsson", "Region Skåne", "kontaktperson", False),
    ("emma.sjoberg@vaxjo.se", "Emma Sjöberg", "Växjö kommun", "kontaktperson", False),
    ("john.smith@lnu.se", "John Smith", "Linnaeus University", "coordinator", False),
    ("åsa.öberg@regionhalland.se", "Åsa Öberg", "Region Halland", "kontaktperson", True),
    ("ingrid@regionostergotland.se", "Ingrid Wallin", "Region Östergötland", "ansvarig", False),
]


@pytest.fixture(scope="module")
def card_contacts() -> dict[str, Contact]:
    pages = [Page(1, CARDS_PAGE_1), Page(2, CARDS_PAGE_2)]
    return _by_email(extract_contacts("uppfoljning.pdf", "Uppföljning av avtalet 2024", pages))


@pytest.mark.parametrize("email,name,organisation,role_word,guessed", CARD_PEOPLE)
def test_cards_single_space_rows_english_and_obfuscated(card_contacts, email, name, organisation, role_word, guessed) -> None:
    c = card_contacts[email]
    assert (c.name, c.organisation, c.name_guessed, c.page) == (name, organisation, guessed, 2)
    assert role_word in c.role.lower(), c.role


def test_card_quote_shows_the_name_line(card_contacts) -> None:
    assert card_contacts["anna.larsson@kronoberg.se"].quote.startswith("Anna Larsson / ")


@pytest.mark.parametrize("email", ["kansliet@sydost.se", "nyhetsbrev@regionkalmar.se"])
def test_nameless_mailboxes_in_prose(card_contacts, email) -> None:
    c = card_contacts[email]
    assert c.name == "" and not c.name_guessed


def test_no_addresses_no_contacts() -> None:
    assert extract_contacts("x.txt", "X", [Page(1, "Ingen kontakt här. Läs mer på www.region.se")]) == []


def test_one_contact_per_address_and_line() -> None:
    text = "Anna Berg, anna.berg@regionskane.se (även anna.berg@regionskane.se)\n\nAnna Berg anna.berg@regionskane.se"
    found = [c for c in extract_contacts("x.txt", "X", [Page(1, text)]) if c.email]
    assert [(c.name, c.quote.startswith("Anna Berg anna")) for c in found] == [("Anna Berg", False), ("Anna Berg", True)]
