"""List questions whose items are prose (issue 16): the sentences of a slide titled with
the asked noun (the title drawn after its body or before it), sentences that each open
with the noun ("Ett annat problem är att …"), a member list under a title, bullets under a
title beside the cited passage. On forms written here, on eval/lists2 (documents of our
own in five layouts, the tune split) and on the development corpus's presentation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from answer.compose import Chosen, sentences_of
from answer.prose_lists import noun_sentences, titled_prose
from answer.types import Citation
from tests.own_corpus import answerer_of
from tools.list_recall import ListRecall, check

EVAL = Path(__file__).resolve().parents[1] / "eval"


def _parts(*texts: str) -> list[tuple[Citation, str]]:
    citations = [Citation(n=i, document="d", title="t", page="1", text=t, passage_id=i) for i, t in enumerate(texts, 1)]
    return [(c, part) for c in citations for part in sentences_of(c.text)]


def _texts(chosen: list[Chosen]) -> list[str]:
    return [c.text for c in chosen]


def test_a_slide_title_after_its_body_takes_the_sentences_before_it() -> None:
    parts = _parts("Växande näringsliv\nHusen är för få i länet. Bredbandet är inte utbyggt överallt.",
                   "Det finns få kulturinstitutioner i länet.\nUtmaningar\nSTRATEGISKT OMRÅDE")
    found = titled_prose(parts, ["utmaning"])
    assert _texts(found) == ["Husen är för få i länet.", "Bredbandet är inte utbyggt överallt.",
                             "Det finns få kulturinstitutioner i länet."]
    assert [c.citation.passage_id for c in found] == [1, 1, 2]  # each line cites its own passage


def test_a_title_before_its_prose_takes_the_sentences_after_it() -> None:
    parts = _parts("Inledning\nVåra utmaningar\nAllt fler lever med kroniska sjukdomar. Det är svårt att rekrytera "
                   "sjuksköterskor.\nNätverk")
    assert _texts(titled_prose(parts, ["utmaning"])) == [
        "Allt fler lever med kroniska sjukdomar.", "Det är svårt att rekrytera sjuksköterskor."]
    assert titled_prose(parts, ["risk"]) == []  # no section is titled with the noun


def test_member_entries_and_bullets_under_a_title() -> None:
    entries = _parts("Närvarande\nKarin Dahl, direktör, Region Värmland\nPer Ekström, socialchef, Arvika kommun\n"
                     "§ 1 Mötets öppnande. Ordföranden öppnade mötet.")
    assert _texts(titled_prose(entries, ["narvar"])) == ["Karin Dahl, direktör, Region Värmland",
                                                         "Per Ekström, socialchef, Arvika kommun"]
    bullets = titled_prose(_parts("Areas of cooperation\n• cancer care\n• skills supply\nContact"), ["omrad", "are"])
    assert [(c.text, c.items) for c in bullets] == [("Areas of cooperation", ["cancer care", "skills supply"])]


def test_sentences_that_each_state_one_of_the_asked_things() -> None:
    parts = _parts("Ett problem är att kallelserna skickas för sent. Ett annat problem är att platserna inte räcker. "
                   "Problemen diskuterades länge av gruppen.",
                   "• Arbetsgrupp e-hälsa – sammankallande vakant\n• Arbetsgrupp kompetens – sammankallande Lina\n"
                   "Arbetsgrupperna bestämmer själva sin mötesplan.")
    assert _texts(noun_sentences(parts, ["problem"])) == [
        "Ett problem är att kallelserna skickas för sent.", "Ett annat problem är att platserna inte räcker."]
    # items opening with the noun count; a definite plural speaks of them all
    assert len(noun_sentences(parts, ["arbetsgrupp"])) == 2
    assert noun_sentences(_parts("Programområdet har tio möten per år. Programområdet leds av en ordförande."),
                          ["omrad"]) == []  # a compound spoken of again is one thing, not a list


@pytest.fixture(scope="module")
def lists2_answerer(tmp_path_factory: pytest.TempPathFactory, config, built_index):
    """An answerer over eval/lists2 alone (without the real corpus)."""
    return answerer_of(tmp_path_factory.mktemp("lists2"), config, EVAL / "lists2")


def test_own_documents_tune_questions_show_every_item(lists2_answerer) -> None:
    questions = [json.loads(line) for line in (EVAL / "lists2_qa.jsonl").read_text(encoding="utf-8").splitlines()]
    tune = [q for q in questions if q["split"] == "tune"]
    assert len(tune) >= 10
    result = ListRecall()
    for q in tune:
        result.add("list", check(lists2_answerer.searcher.generation, q, lists2_answerer.ask(q["question"])))
    recall, _, total = result.recall("list")
    assert total >= 38 and recall >= 0.95, result.lines()  # a member table's header row is no item (lists3)


def test_presentation_challenges_spread_over_a_slide(answerer) -> None:
    answer = answerer.ask("Vilka utmaningar har Blekinge enligt presentationen?")
    for sentence in ("måste Blekinge öka antalet bostäder", "den digitala infrastrukturen långt ifrån fullt utbyggd",
                     "Det finns få kulturinstitutioner i Blekinge"):
        assert sentence in answer.answer
    assert all(c.document.startswith("blekinge-samverkanskarta") for c in answer.citations)
    for citation in answer.citations:  # every cited line is in the passage it cites
        assert all(s in citation.text for s in citation.sentences)


def test_a_title_with_one_sentence_after_it_takes_nothing_from_the_section_before() -> None:
    parts = _parts("Bakgrund\nLänet är stort. Avstånden är långa.\nUtmaningar\nDen största utmaningen är bemanningen.\nNätverk")
    assert titled_prose(parts, ["utmaning"]) == []
