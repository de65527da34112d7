"""The role vocabulary has one home (ingest/roles.py): the question's role nouns and English role
nouns the answer layer checks keys with are role forms there, and the English forms and minutes
phrases name the role they stand for."""

from __future__ import annotations

import pytest

from answer.answerability import ROLE_NOUNS
from answer.keys import EN_ROLE_NOUNS
from ingest.roles import ENGLISH_ROLE_NOUNS, KEY_ROLE_NOUNS, canonical_role, is_role_form


def test_the_answer_layer_reads_the_role_nouns_of_ingest() -> None:
    assert ROLE_NOUNS is KEY_ROLE_NOUNS and EN_ROLE_NOUNS is ENGLISH_ROLE_NOUNS
    assert all(is_role_form(word) for word in ENGLISH_ROLE_NOUNS)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("deputy chairperson", "vice ordförande"),
        ("vice chairwoman", "vice ordförande"),
        ("point of contact", "kontaktperson"),
        ("substitutes", "ersättare"),
        ("Vid anteckningarna", "sekreterare"),
        ("Justerat", "justerare"),
        ("valdes att justera dagens protokoll", "justerare"),
        ("Vem justerade protokollet?", "justerare"),
    ],
)
def test_a_role_form_names_its_role(text: str, role: str) -> None:
    assert canonical_role(text) == role


def test_a_working_groups_convener_stands_in_for_its_chair() -> None:
    """Asked for the chair of a working group that has only a convener, the convener answers (at a
    lower weight than a real chair); a nämnd's chair is never found through its convener."""
    from index.role_search import people_by_role
    from ingest.model import Contact

    convener = Contact(name="Kristina Holm", email="", organisation="Region Skåne", role="sammankallande",
                       body="Arbetsgruppen för vårdhygien (Södra sjukvårdsregionen)", document="g.docx", page=1, quote="")
    member = Contact(name="Peter Nord", email="", organisation="Region Blekinge", role="ledamot",
                     body="Arbetsgruppen för vårdhygien (Södra sjukvårdsregionen)", document="g.docx", page=1, quote="")
    found = people_by_role([member, convener], "ordförande", ["arbetsgruppen", "vårdhygien"], None)
    assert [p.name for p in found] == ["Kristina Holm"]
    board = Contact(name="Anna Berg", email="", organisation="Region Skåne", role="sammankallande",
                    body="Samverkansnämnden (Södra sjukvårdsregionen)", document="n.txt", page=1, quote="")
    assert not people_by_role([board], "ordförande", ["samverkansnämnden"], None)
