"""What a staff member sees: repaired text in answers and quotes, only cited sources with
the cited sentence inside its quote window, short Telegram messages, English fixed texts
for an English asker (on the real corpus, through the real answerer)."""

from __future__ import annotations

import html
import json
import re
import statistics
from pathlib import Path

import pytest

from answer.types import Answer, Citation
from bot.quoting import cited, cited_sentence, quote_window
from bot.telegram.texts import T
from bot.telegram_format import render_answer, render_passage, source_button_label, tg_len
from bot.terminal import SCREEN_LINES, paginate, render
from tests.own_corpus import ask_turns

EVAL = Path(__file__).resolve().parents[1] / "eval"  # the project's copies of the development files
DEV_FILES = [EVAL / "dev_qa.jsonl", EVAL / "dev_more.jsonl"]

PLAN_QUESTIONS = [
    "Vad ska Södra sjukvårdsregionens kansli säkerställa för chefsamraden?",
    "Vilka är de övergripande målen för Södra sjukvårdsregionen?",
    "Vad är Forum Söder?",
    "Vilken överenskommelse finns om nationell struktur för kunskapsstyrning?",
    "Hur fastställs budgeten för Södra sjukvårdsregionen?",
    "Vad gör Regionala vårdkompetensrådet?",
    "Vem är ordförande i ledningsgruppen?",
    "Vilka styrgrupper finns i Södra sjukvårdsregionen?",
    "Hur finansieras RCC Syd?",
    "Vad ska kommunikationen inom sjukvårdsregionen bidra till?",
]
DAMAGED = re.compile(r"\b(?:S6dra\w*|Sédra\w*|Sodra\w*|sdker|6verenskommelse\w*)\b|(?:&amp;|&)r\b")


def test_ten_plan_questions_show_repaired_text(answerer) -> None:
    shown = []
    for question in PLAN_QUESTIONS:
        answer = answerer.ask(question)
        assert not answer.abstained, question
        assert any(c.document.startswith("sodra-sjukvardsregionen-verksamhetsplan") for c in answer.citations), question
        out = "\n".join(render_answer(answer, T)) + "\n" + render(answer)
        out += "\n".join(part for c in cited(answer) for part in render_passage(c, T))
        assert not DAMAGED.search(out), (question, DAMAGED.search(out))
        shown.append(out)
    everything = "\n".join(shown)
    for word in ("Södra", " är ", "säker", "överenskommelse"):
        assert word in everything, word


def _dev_answers(answerer) -> list[Answer]:
    answers = []
    for path in DEV_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            if "turns" in item:
                answers += ask_turns(answerer, [turn["question"] for turn in item["turns"]])
            else:
                answers.append(answerer.ask(item["question"]))
    return answers


@pytest.mark.skipif(not all(p.exists() for p in DEV_FILES), reason="development questions not available")
def test_dev_questions_through_the_telegram_formatter(answerer) -> None:
    answers = _dev_answers(answerer)
    assert len(answers) >= 90
    lengths, windows, inside = [], 0, 0
    for answer in answers:
        parts = render_answer(answer, T)
        message = "".join(parts)
        lengths.append(sum(tg_len(p) for p in parts))
        if answer.abstained:
            continue
        listed = [int(n) for n in re.findall(r"<b>(\d+)\.</b>", message)]
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
        assert set(listed) <= markers or not markers, (answer.question, listed, markers)  # every listed source is cited
        assert listed == list(dict.fromkeys(listed))
        for citation in cited(answer):
            windows += 1
            sentence = " ".join(cited_sentence(citation, answer).split())
            window = quote_window(citation.text, sentence)
            inside += int(window.sentence == sentence and f"<b>{html.escape(sentence, quote=False)}</b>" in message)
    assert statistics.median(lengths) < 600, statistics.median(lengths)
    assert windows and inside == windows, (inside, windows)


@pytest.mark.skipif(not all(p.exists() for p in DEV_FILES), reason="development questions not available")
def test_first_line_is_the_fact_and_the_terminal_answer_fits_a_screen(answerer) -> None:
    """No lead-in line of its own ("Enligt dokumenten:"): the first line of a passage answer
    cites its source; in the terminal the first screen of every answer fits 45 lines."""
    answers = _dev_answers(answerer)
    passage_answers = [a for a in answers if a.kind == "answer" and not a.abstained and not a.contacts]
    assert len(passage_answers) >= 40
    for answer in passage_answers:
        first = answer.answer.splitlines()[0]
        assert re.search(r"\[\d+\]", first), (answer.question, first)
        assert not first.startswith("•") and not first.rstrip().endswith(("dokumenten:", "documents:"))
        telegram_first = render_answer(answer, T)[0].split("\n")[0]
        assert re.search(r"<b>\[\d+\]</b>", telegram_first), telegram_first
        lines = render(answer, width=100).splitlines()
        shown, rest = paginate(lines, SCREEN_LINES)
        assert len(shown) <= SCREEN_LINES - 2 and (not rest or len(shown) + len(rest) == len(lines))
    assert sum(len(render(a, width=100).splitlines()) <= SCREEN_LINES - 2 for a in passage_answers) == len(passage_answers)
    english = [a for a in passage_answers if a.lang == "en"]
    assert english and all(not a.answer.startswith("According to") for a in english)
    single_cards = [a for a in answers if len(a.contacts) == 1 and not a.abstained]
    assert single_cards
    for answer in single_cards:  # a contact answer's first line names the person, label or not
        card = answer.contacts[0]
        shown = render(answer, width=400).split("\n\n", 1)[-1 if answer.resolved_question not in ("", answer.question) else 0]
        assert card.name in shown.splitlines()[0], answer.question  # after "Jag tolkar frågan som: …"
        assert card.name in render_answer(answer, T)[0].split("\n")[0], answer.question


def test_only_cited_sources_are_listed_in_first_use_order() -> None:
    citations = [Citation(n, f"d{n}.txt", f"Dokument {n}", "1", f"Mening nummer {n} om samverkan. Mer text.")
                 for n in (1, 2, 3)]
    text = "Enligt dokumenten:\n• Mening nummer 3 om samverkan. [3]\n• Mening nummer 1 om samverkan. [1]"
    answer = Answer("q", text, False, citations)
    (message,) = render_answer(answer, T)
    assert "Dokument 2" not in message
    assert message.index("Dokument 3") < message.index("Dokument 1")
    assert "<b>Mening nummer 3 om samverkan.</b>" in message


def test_quote_window_is_centred_on_the_cited_sentence_not_the_passage_start() -> None:
    text = "Inledning. " + "Bakgrundstext om regionerna. " * 20
    text += "Nämnden beslutar om budgeten varje år. " + "Slut. " * 20
    window = quote_window(text, "Nämnden beslutar om budgeten varje år.")
    assert window.sentence == "Nämnden beslutar om budgeten varje år."
    assert window.before.startswith("…") and window.after.endswith("…")
    assert len(window.text) < 220


def test_english_asker_gets_english_fixed_texts() -> None:
    citation = Citation(1, "plan.pdf", "Verksamhetsplan", "8", "RCC Syd är en gemensam verksamhet.")
    answer = Answer("How is RCC Syd funded?", "Enligt dokumenten:\n• RCC Syd är en gemensam verksamhet. [1]", False,
                    [citation], lang="en")
    (message,) = render_answer(answer, T)
    assert "<b>Sources</b>" in message and "Verksamhetsplan, p. 8" in message
    assert "RCC Syd är en gemensam verksamhet." in message  # quotes stay as written
    assert source_button_label(1, "en") == "Show source 1" and source_button_label(1, "sv") == "Visa källa 1"
    declined = Answer("Who runs the moon base?", "", True, lang="en")
    assert "I cannot find that in the documents." in render_answer(declined, T)[0]


def test_contact_list_in_one_line_becomes_rows() -> None:
    line = ("• Region Kronoberg | Jenny Salomonsson | jenny.salomonsson@kronoberg.se Region Kalmar län | "
            "Pär Eriksson | par.eriksson@regionkalmar.se Region Halland | Stefan Lönn | "
            "stefan.lonn@regionhalland.se [1]")
    citation = Citation(1, "k.txt", "Kontakter", "1", line)
    (message,) = render_answer(Answer("q", "Enligt dokumenten:\n" + line, False, [citation]), T)
    rows = [r for r in message.split("\n") if r.startswith("▪ ")]
    assert len(rows) == 3
    assert rows[1] == "▪ Region Kalmar län · Pär Eriksson · par.eriksson@regionkalmar.se"


def test_source_view_bolds_the_cited_sentence_and_shows_date_and_link() -> None:
    citation = Citation(2, "p.html", "Protokoll", "1", "Första meningen. Nämnden beslutade att anta planen. Sista.",
                        sentences=["Nämnden beslutade att anta planen."])
    citation.date = "2024-05-13"  # type: ignore[attr-defined]  # set by ingest when the document has one
    citation.url = "https://example.org/protokoll"  # type: ignore[attr-defined]
    (part,) = render_passage(citation, T)
    assert "<b>Nämnden beslutade att anta planen.</b>" in part
    assert "2024-05-13" in part and 'href="https://example.org/protokoll"' in part


def test_ingest_reports_the_repaired_share_of_non_words(built_index, capsys: pytest.CaptureFixture[str]) -> None:
    """Ingest reports, per repaired document, the words it repaired and the share of tokens that
    are not Swedish word forms before and after (the verksamhetsplan: about a quarter → under 3 %);
    the clean documents are not in the report."""
    from bot.cli_admin import print_report

    plan = "sodra-sjukvardsregionen-verksamhetsplan.pdf"
    assert set(built_index.repairs) == {plan}
    words, before, after = built_index.repairs[plan]
    assert words > 300 and before > 0.2 and after < 0.03
    print_report(built_index)
    line = next(ln for ln in capsys.readouterr().out.splitlines() if plan in ln)
    shares = [float(x.replace(",", ".")) for x in re.findall(r"(\d+,\d) %", line)]
    assert len(shares) == 2 and shares[0] > 20 and shares[1] < 3, line
