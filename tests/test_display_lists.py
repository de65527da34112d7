"""A list question gets every item of its list: on the development questions (item recall
measured from the source documents by tools/list_recall.py) and on PDFs written here in
other layouts (nine programme areas on one page with dash bullets; numbered goals that run
across a page break under a running header and footer, items wrapped over two lines)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from answer import lists
from answer.compose import sentences_of
from tests.own_corpus import answerer_with
from tests.written_pdf import pdf_with_running_lines
from tools.list_recall import ListRecall, check

reportlab = pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

EVAL = Path(__file__).resolve().parents[1] / "eval"
DEV_FILES = [EVAL / "dev_qa.jsonl", EVAL / "dev_more.jsonl"]
MIN_RECALL = 0.95

AREAS = [
    "Barn och ungdomars hälsa", "Hjärt- och kärlsjukdomar", "Psykisk hälsa", "Rörelseorganens sjukdomar",
    "Cancersjukdomar", "Lung- och allergisjukdomar", "Njur- och urinvägssjukdomar", "Äldres hälsa",
    "Kvinnosjukdomar och förlossning",
]
GOALS = [
    "Kortare väntetider till första bedömning inom specialiserad vård",
    "Fler patienter ska ha en fast vårdkontakt i primärvården och en samordnad",
    "individuell plan när flera vårdgivare deltar",  # the PDF line break inside goal 2
    "Gemensam kompetensförsörjning för specialistsjuksköterskor",
    "Digitala vårdmöten erbjuds i alla regioner",
    "Jämlik tillgång till rehabilitering efter stroke",
    "Minskad överbeläggning på akutsjukhusen",
]


@pytest.mark.parametrize(
    ("text", "lead", "expected"),
    [
        # items right after a lead-in without a colon ("… är", "… ska säkerställa att")
        ("De övergripande målen är\n• att samverka\n• att utveckla vården\nSlut på listan.", 0,
         ["att samverka", "att utveckla vården"]),
        # a colon, then short label lines; a label with bullets under it brings them
        ("Vad styr arbetet?\nLagar\nRegionala riktlinjer\nDirektiv från SKR\n• Kunskapsstyrning,\n• Nära vård", 0,
         ["Lagar", "Regionala riktlinjer", "Direktiv från SKR: Kunskapsstyrning, Nära vård"]),
        # one lead-in under another: the items belong to both
        ("För att samverkan ska fungera behövs:\nNågra punkter är:\n• En ledning\n• Stabila organisationer", 0,
         ["En ledning", "Stabila organisationer"]),
        # the announced number caps the items (the next list is another one)
        ("Rådet har tre prioriterade områden:\n• A-området\n• B-området\n• C-området\n• Ett annat uppdrag", 0,
         ["A-området", "B-området", "C-området"]),
        # a finished sentence inside a list is no lead-in of the next item
        ("Några exempel:\n• Ortopedi.\nVi arbetar tillsammans.\n• Kirurgi.", 2, []),
        # a single short line after a colon is a sentence's rest, not a list
        ("Kontakta oss:\nRegion Halland\nVi svarar inom en vecka.", 0, []),
    ],
)
def test_lead_in_items(text: str, lead: int, expected: list[str]) -> None:
    parts = sentences_of(text)
    assert lists.items_after(parts, lead) == expected


def test_numbered_items_keep_their_text_and_find_their_lead_in() -> None:
    parts = sentences_of("Planen har två mål:\n1. Kortare väntetider.\n2. Fler vårdplatser.")
    assert lists.items_after(parts, 0) == ["Kortare väntetider.", "Fler vårdplatser."]
    assert lists.lead_in_of(parts, 2) == 0
    assert lists.announced_count("identifierat fem fokusområden") == 5
    assert lists.announced_count("26 nationella programområden") == 0  # a total, not a list to show
    assert lists.announced_count("under 2024 och 2025") == 0


def _areas_pdf(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    y = height - 80
    lines = ["Programområden", "Kunskapsstyrning i Mellersta sjukvårdsregionen bygger på nationella programområden.",
             "Regionerna i Mellersta sjukvårdsregionen deltar i nio programområden:"]
    lines += [f"– {area}" for area in AREAS]
    lines += ["Varje programområde har en regional processledare som samordnar arbetet.",
              "Samverkansnämnden har fyra ansvarsområden: gemensam budget; prioriteringar mellan",
              "regionerna; uppföljning av avtal och nivåstrukturering av högspecialiserad vård."]
    for line in lines:
        pdf.setFont("Helvetica-Bold" if line == "Programområden" else "Helvetica", 14 if line == "Programområden" else 11)
        pdf.drawString(50, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()


def _goals_pdf(path: Path) -> None:
    """Numbered goals, four on page 1 and the rest on page 2, under a running header/footer."""
    body = [
        ["Handlingsplan för Västra sjukvårdsregionen",
         "Planen gäller för perioden 2025–2027 och beslutades av regionvårdsnämnden.",
         "Handlingsplanen har sex mål:",
         f"1. {GOALS[0]}", f"2. {GOALS[1]}", f"   {GOALS[2]}", f"3. {GOALS[3]}", f"4. {GOALS[4]}"],
        [f"5. {GOALS[5]}", f"6. {GOALS[6]}",
         "Uppföljning",
         "Nämnden följer upp målen varje år i samband med budgeten."],
    ]
    pdf_with_running_lines(path, "Västra sjukvårdsregionen · Handlingsplan", body, "Sida {n} ({total})")


@pytest.fixture(scope="module")
def list_answerer(tmp_path_factory: pytest.TempPathFactory, config, built_index):
    """The real corpus plus the two PDFs written here."""
    folder = tmp_path_factory.mktemp("lists_docs")
    _areas_pdf(folder / "programomraden-mellersta.pdf")
    _goals_pdf(folder / "handlingsplan-vastra-2025.pdf")
    return answerer_with(tmp_path_factory.mktemp("lists"), config, folder)


def _recall(answerer, questions: list[dict]) -> ListRecall:
    result = ListRecall()
    for q in questions:
        result.add(q["kind"], check(answerer.searcher.generation, q, answerer.ask(q["question"])))
    return result


@pytest.mark.skipif(not all(p.exists() for p in DEV_FILES), reason="development questions not available")
def test_dev_list_questions_show_every_item(answerer) -> None:
    questions = [json.loads(line) for p in DEV_FILES for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    lists = [q for q in questions if q.get("kind") == "list"]
    assert len(lists) >= 8
    result = _recall(answerer, lists)
    listed = [c for c in result.checks["list"] if c.listed]  # evidence inside a list of the source
    shown = sum(len(c.items) - len(c.missing) for c in listed)
    total = sum(len(c.items) for c in listed)
    assert total >= 25 and shown / total >= MIN_RECALL, result.lines()
    overall, _, _ = result.recall("list")  # prose evidence included (items spread over sentences)
    assert overall >= MIN_RECALL, result.lines()


def test_nine_areas_and_goals_across_a_page_break(list_answerer) -> None:
    questions = [
        {"id": "areas", "kind": "list", "question": "Vilka programområden deltar Mellersta sjukvårdsregionen i?",
         "evidence": ["Psykisk hälsa", "Äldres hälsa"]},
        {"id": "goals", "kind": "list", "question": "Vilka mål har handlingsplanen för Västra sjukvårdsregionen?",
         "evidence": [GOALS[0], GOALS[6]]},
    ]
    questions.append({"id": "duties", "kind": "list", "question": "Vilka ansvarsområden har samverkansnämnden i Mellersta?",
                      "evidence": ["uppföljning av avtal"]})
    result = _recall(list_answerer, questions)
    areas, goals, duties = result.checks["list"]
    assert len(duties.items) == 4 and not duties.missing, result.lines()  # an enumeration across a PDF line break
    assert len(areas.items) == 9 and not areas.missing, result.lines()
    assert len(goals.items) == 6 and not goals.missing, result.lines()
    goals_answer = list_answerer.ask(questions[1]["question"])
    answer = goals_answer.answer
    assert f"{GOALS[1]} {GOALS[2]}" in answer  # the item broken over two PDF lines is whole
    assert "Sida 1" not in answer and "· Handlingsplan" not in answer
    assert answer.splitlines()[0].startswith("Handlingsplanen har sex mål:")  # the lead-in is the first line
    cited = goals_answer.citations[0]
    assert cited.title != "untitled"  # reportlab's placeholder title is no title
    assert cited.date == "2025"  # "Planen gäller för perioden 2025–2027", not the file's export date
