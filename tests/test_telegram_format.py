"""Telegram HTML rendering: escaping, citation markers, tag-safe splitting (pure functions)."""

from __future__ import annotations

import random

from fake_telegram import ApiError, parse_telegram_html

from answer.types import Answer, Citation, ContactCard
from bot.telegram.texts import T
from bot.telegram_format import escape, render_answer, render_passage, split_html, tg_len
from index.archive import safe_file_name


def _valid(part: str, limit: int = 4096) -> None:
    parse_telegram_html(part)  # raises on bad HTML, like Telegram
    assert tg_len(part) <= limit


def test_escape_only_what_telegram_needs() -> None:
    assert escape('a < b & c > "d"') == 'a &lt; b &amp; c &gt; "d"'


def test_answer_escapes_text_and_bolds_markers() -> None:
    answer = Answer("q", "Kostnad < 5 & mer [1].", False,
                    [Citation(1, "a&b.pdf", "Plan <2024>", "3", "text")])
    (html,) = render_answer(answer, T)
    _valid(html)
    assert "Kostnad &lt; 5 &amp; mer <b>[1]</b>." in html
    assert "Plan &lt;2024&gt;, s. 3" in html


def test_abstention_is_plain_text_with_related() -> None:
    answer = Answer("q", "Det står inte i dokumenten.", True, [],
                    related=[Citation(1, "x.pdf", "X", "2", "t")])
    (html,) = render_answer(answer, T)
    _valid(html)
    assert html.startswith("Det står inte i dokumenten.")
    assert "Kanske relaterat" in html


def test_contacts_rendered_escaped() -> None:
    card = ContactCard("Anna <Admin>", "anna@example.se", "Region & Co", "samordnare", "doc.txt", 1)
    (html,) = render_answer(Answer("q", "Svar [1]", False, [Citation(1, "d", "D", "1", "t")], [card]), T)
    _valid(html)
    assert "Anna &lt;Admin&gt;" in html and "Region &amp; Co" in html


def test_split_never_cuts_tags_or_entities() -> None:
    rng = random.Random(7)
    words = ["<b>fet</b>", "&amp;", "&lt;", "ord", "långt-ord-utan-mellanslag" * 3, "\n", "\n\n", "<i>kursiv text här</i>"]
    html = "<blockquote>" + " ".join(rng.choice(words) for _ in range(3000)) + "</blockquote>"
    parts = split_html(html, limit=500)
    assert len(parts) > 5
    for part in parts:
        _valid(part, 500)
        assert part.startswith("<blockquote>") and part.endswith("</blockquote>")


def test_split_prefers_paragraphs_and_keeps_text() -> None:
    paragraphs = [f"Stycke {i}: " + "ord " * 60 for i in range(40)]
    html = "\n\n".join(paragraphs)
    parts = split_html(html, limit=1000)
    for part in parts:
        _valid(part, 1000)
        assert part.startswith("Stycke")  # every part starts at a paragraph
    assert " ".join(parts).split() == html.split()


def test_split_max_parts_shortens() -> None:
    parts = split_html("ord " * 5000, limit=300, max_parts=2, more="… <i>(förkortat)</i>")
    assert len(parts) == 2
    assert parts[-1].endswith("… <i>(förkortat)</i>")
    for part in parts:
        _valid(part, 300)


def test_split_counts_utf16_like_telegram() -> None:
    parts = split_html("😀 " * 3000, limit=4096)
    for part in parts:
        assert tg_len(part) <= 4096


def test_long_passage_is_split_into_valid_parts() -> None:
    citation = Citation(1, "d.pdf", "D", "1", ("a < b & c " * 1500), heading="Rubrik & <x>")
    parts = render_passage(citation, T)
    assert len(parts) >= 2
    for part in parts:
        _valid(part)


def test_fake_rejects_bad_html() -> None:
    for bad in ["a < b", "a & b", "<b>x", "<div>x</div>", "&nbsp;"]:
        try:
            parse_telegram_html(bad)
        except ApiError:
            continue
        raise AssertionError(f"accepted {bad!r}")


def test_safe_file_name() -> None:
    assert safe_file_name("../../etc/Plan 2024.PDF") == "Plan 2024.pdf"
    assert safe_file_name("C:\\temp\\x\x00y.txt") == "xy.txt"
    assert safe_file_name("evil.exe") is None
    assert safe_file_name("utan-ändelse", "application/pdf") == "utan-ändelse.pdf"
    assert len(safe_file_name("a" * 300 + ".html") or "") <= 100
    assert safe_file_name(".hidden.txt") == "hidden.txt"
    assert safe_file_name("va\u030ardplan.pdf") == "v\u00e5rdplan.pdf"  # NFD from macOS → NFC
