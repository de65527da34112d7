"""`role_in_passage` decides whether "nobody holds the role there" may be said: it must see
a holder named in an inner body's line, by a convener's title, and in a passage that names
no place (the decline needs evidence, not silence)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from index.role_search import named_holder, role_in_passage
from ingest.roles import names_role


def _query(role: str, bodies: list[str], places: list[str]) -> SimpleNamespace:
    return SimpleNamespace(role=role, bodies=bodies, places=places)


def test_a_convener_of_an_inner_working_group_on_the_federations_page() -> None:
    row = {"title": "Organisation", "heading": "",
           "text": "• *Arbetsgrupp e-hälsa* – sammankallande: Britt Holm, Region Jämtland Härjedalen."}
    asked = _query("sammankallande", ["arbetsgrupp", "sjukvardsregionforbund"], ["Norra sjukvårdsregionen"])
    assert role_in_passage(asked, row)


def test_who_leads_is_answered_by_a_convener_or_an_abbreviated_chair() -> None:
    asked = _query("ledare", ["beredningsgrupp"], [])
    assert role_in_passage(asked, {"title": "", "heading": "", "text": "Beredningsgrupp – ordf. Kjell Dahl, NRF."})
    assert role_in_passage(asked, {"title": "", "heading": "", "text": "Beredningsgruppen: sammankallande är Kjell Dahl."})


def test_a_passage_that_names_no_place_is_no_evidence_of_another_place() -> None:
    row = {"title": "Årsrapport 2025 – Regionalt programområde (RPO) Hud", "heading": "",
           "text": "Gruppen leds av Ola Berg, överläkare."}
    assert role_in_passage(_query("ledare", ["rpo"], ["Södra sjukvårdsregionen"]), row)
    other = {**row, "text": "Gruppen leds av Ola Berg, Region Stockholm."}
    assert not role_in_passage(_query("ledare", ["rpo"], ["Södra sjukvårdsregionen"]), other)


@pytest.mark.parametrize(
    ("role", "sentence", "named"),
    [
        ("ordförande", "The steering group is chaired by Maja Lund, Region Gotland.", True),
        ("ordförande", "Ordf. Tove Berg (S)", True),
        ("sekreterare", "Sekr. Anna Ek, kansliet", True),
        ("ordförande", "Vice ordförande är Per Ek.", False),
        ("ordförande", "1:e v. ordf. Oskar Ling (S)", False),
    ],
)
def test_a_role_is_named_in_any_of_its_forms(role: str, sentence: str, named: bool) -> None:
    assert names_role(role, sentence) is named
    row = {"title": "", "heading": "", "text": sentence}
    assert role_in_passage(_query(role, [], []), row) is named


@pytest.mark.parametrize(
    ("sentence", "role", "holder"),
    [
        ("Som sekreterare fungerar Elsa Rydberg, samordnare på kansliet.", "sekreterare", "Elsa Rydberg"),
        ("The patient council is chaired by Maja Lund, Region Gotland.", "ordförande", "Maja Lund"),
        ("Som sekreterare fungerar Elsa Rydberg och Karin Ek.", "sekreterare", None),  # two: no one
        ("Vice ordförande är Per Ek.", "ordförande", None),
    ],
)
def test_the_one_person_a_sentence_names_beside_the_role(sentence: str, role: str, holder: str | None) -> None:
    assert named_holder(sentence, role) == holder
