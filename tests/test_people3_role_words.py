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
