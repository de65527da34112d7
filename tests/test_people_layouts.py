"""People-and-roles in layouts the first round did not cover: abbreviated and ordinal roles in
member tables and lists, minutes, a convener after an apposition, English role compounds, a
role in inverted order after party and region, member lists for a period, genitive role words."""

from __future__ import annotations

from pathlib import Path

from answer.periods import asked_years, covers
from answer.query import question_role
from ingest.model import Page
from ingest.people import extract_people
from ingest.people_prose import prose_people
from ingest.roles import canonical_role, roles_match

PEOPLE = Path(__file__).resolve().parent.parent / "eval" / "people"


def _roles(name: str, title: str) -> dict[str, set[str]]:
    text = (PEOPLE / name).read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    for c in extract_people(name, title, [Page(1, text)]):
        out.setdefault(c.name, set()).add(c.role)
    return out


def test_abbreviated_roles_of_a_member_table_stay_on_their_row() -> None:
    roles = _roles("beredning-regional-samverkan-vast.md", "Beredningen för regional samverkan")
    assert roles["Henrik Sjöberg"] == {"ordförande"}  # party letters are no part of the name
    assert roles["Lena Wikström"] == {"förste vice ordförande"}
    assert roles["Emil Axelsson"] == {"ersättare"}  # the table's last rows are no running footer


def test_ordinal_vice_chairs_in_a_list_are_roles_of_their_own() -> None:
    roles = _roles("patientnamnden-sormland-presidium.txt", "Patientnämnden i Region Sörmland")
    assert "förste vice ordförande" in roles["Rickard Holm"] and "ordförande" not in roles["Rickard Holm"]
    assert "andre vice ordförande" in roles["Gunilla Sandberg"]
    assert roles["Karolina Wall"] == {"ersättare"}  # an ersättare is no ledamot


def test_minutes_vice_chair_is_not_chair() -> None:
    roles = _roles("protokoll-lakemedelsradet-sydost-2024-04.txt", "Protokoll")
    assert "ordförande" in roles["Karin Hedström"]
    assert "ordförande" not in roles["Magnus Thorsell"] and "vice ordförande" in roles["Magnus Thorsell"]


def test_ordinals_match_plain_vice_but_not_each_other() -> None:
    assert canonical_role("1:e v. ordf.") == "förste vice ordförande"
    assert canonical_role("2:e vice ordförande") == "andre vice ordförande"
    assert roles_match("vice ordförande", "förste vice ordförande")
    assert not roles_match("andre vice ordförande", "förste vice ordförande")
    assert not roles_match("förste vice ordförande", "vice ordförande")


def test_english_role_compounds_map_to_swedish_roles() -> None:
    assert canonical_role("The patient process leader for prostate cancer") == "patientprocessledare"
    assert canonical_role("process leader") == "processledare"
    assert canonical_role("deputy chair") == "vice ordförande"


def test_convener_after_an_apposition_and_role_after_party_and_region() -> None:
    found = prose_people("Ledningsgruppen leds av Annika Sjögren, hälso- och sjukvårdsdirektör i Region Gävleborg, som är sammankallande.")
    assert "sammankallande" in {e.role for e, _ in found}
    found = prose_people("För perioden 2025–2026 är Ronja Kvist (S), Region Gotland, ordförande.")
    assert [(e.name, e.role, e.organisation) for e, _ in found] == [("Ronja Kvist", "ordförande", "Region Gotland")]


def test_a_period_in_the_question_picks_the_list_that_covers_it() -> None:
    assert asked_years("Vem var ordförande under mandatperioden 2019–2022?") == (2019, 2022)
    assert asked_years("Vem är ordförande nu?") is None
    assert covers((2019, 2022), asked_years("ordförande 2020") or (0, 0))
    assert not covers((2023, 2026), (2015, 2015)) and not covers((2019, 2022), (2015, 2015))


def test_a_role_word_in_the_genitive_is_not_the_role_asked() -> None:
    assert question_role("vem betalar ledamoternas resor") == ""
    assert question_role("vem ar ledamot i namnden") == "ledamot"


def _page_roles(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for c in extract_people("x.txt", "Hälsovalsberedningen", [Page(1, text)]):
        out.setdefault(c.name, set()).add(c.role)
    return out


def test_abbreviated_roles_above_the_names() -> None:
    roles = _page_roles(
        "Hälsovalsberedningen\n\nLedamöter\n\nOrdf.\nMattias Dahlgren (KD)\nRegion Uppsala\n\n"
        "1:e v. ordf.\nPernilla Sköld (S)\nRegion Uppsala\n\nErsättare\nKristian Falk (L)\nRegion Uppsala\n"
    )
    assert roles == {"Mattias Dahlgren": {"ordförande"}, "Pernilla Sköld": {"förste vice ordförande"}, "Kristian Falk": {"ersättare"}}


def test_rows_without_a_header_keep_their_own_role() -> None:
    roles = _page_roles(
        "Ledamöter 2023-2026\n\nOrdf. | Mattias Dahlgren (KD) | Region Uppsala\n"
        "2:e v. ordf. | Johan Ringström (M) | Region Uppsala\nErsättare | Kristian Falk (L) | Region Uppsala\n"
    )
    assert "ordförande" in roles["Mattias Dahlgren"] and "ersättare" not in roles["Mattias Dahlgren"]
    assert "andre vice ordförande" in roles["Johan Ringström"] and "ordförande" not in roles["Johan Ringström"]
    assert roles["Kristian Falk"] == {"ersättare"}
