"""The items a lead-in brings (lists3): nested items stay under their parent and an item with
sub-items introduces them; a member table's rows are its items without the header row; a list
written inside one sentence (1) 2), a) b), semicolons after a colon) is shown as a lead and its
items; a numbered section heading is no item; rendering indents sub-items and caps the list."""

from __future__ import annotations

from answer import lists
from answer.compose import LIST_ITEMS, LIST_LINES, Chosen, render, sentences_of
from answer.types import Citation

NESTED = ("Så är vi organiserade\n• Direktionen – högsta organ.\n◦ Beredningsgruppen – bereder ärenden. Leds av Anna Berg.\n"
          "▪ Arbetsgrupp vård\n▪ Arbetsgrupp e-hälsa\n◦ Ledningsgrupp för kunskapsstyrning\n• Revisionen")


def test_a_nested_list_brings_every_level_under_its_lead_in() -> None:
    parts = sentences_of(NESTED)
    assert lists.items_after(parts, 0) == [
        "Direktionen – högsta organ.", "◦ Beredningsgruppen – bereder ärenden. Leds av Anna Berg.",
        "▪ Arbetsgrupp vård", "▪ Arbetsgrupp e-hälsa", "◦ Ledningsgrupp för kunskapsstyrning", "Revisionen"]


def test_an_item_with_sub_items_introduces_them_and_is_their_lead_in() -> None:
    parts = sentences_of(NESTED)
    group = parts.index("◦ Beredningsgruppen – bereder ärenden. Leds av Anna Berg.")  # one part, two sentences
    assert lists.items_after(parts, group) == ["Arbetsgrupp vård", "Arbetsgrupp e-hälsa"]
    assert lists.lead_in_of(parts, parts.index("▪ Arbetsgrupp e-hälsa")) == group
    assert lists.lead_in_of(parts, parts.index("• Revisionen")) == 0


def test_an_announced_count_keeps_the_sub_items_of_the_counted_items() -> None:
    parts = sentences_of("Strategin har två mål:\n• Färre försök\n◦ samtal inom en vecka\n• Bättre stöd\n◦ kontaktperson\n• Annat")
    assert lists.items_after(parts, 0) == ["Färre försök", "◦ samtal inom en vecka", "Bättre stöd", "◦ kontaktperson"]


def test_member_table_rows_without_the_header_row() -> None:
    parts = sentences_of("Samverkansgruppens ledamöter\nNamn | Funktion | Organisation\nKarin Lind | ordförande | Region Norrbotten\n"
                         "Jonas Yli | räddningschef | Luleå kommun\nPrioriteringar")
    assert lists.items_after(parts, 0) == ["Karin Lind | ordförande | Region Norrbotten", "Jonas Yli | räddningschef | Luleå kommun"]


def test_a_table_of_names_keeps_its_first_row() -> None:
    parts = sentences_of("Nätverk\nNätverket för demensvård | Eva Lund\nNätverket för palliativ vård | Johan Ek\nNätverket för rehab | Lina Strand")
    assert len(lists.items_after(parts, 0)) == 3


def test_lists_inside_a_sentence() -> None:
    assert lists.inline_items("Arbetet bedrivs i tre former: 1) en styrgrupp, 2) lokala planer och 3) ett seminarium.") == (
        "Arbetet bedrivs i tre former:", ["en styrgrupp", "lokala planer", "ett seminarium"])
    assert lists.inline_items("Parterna åtar sig att a) upprätta en plan, b) ha rutiner samt c) följa upp.")[1] == [
        "upprätta en plan", "ha rutiner", "följa upp"]
    assert lists.inline_items("Strategin riktar sig till: unga vuxna; män över 65 år; anhöriga och efterlevande.") == (
        "Strategin riktar sig till:", ["unga vuxna", "män över 65 år", "anhöriga och efterlevande"])
    assert lists.inline_items("Se 3 kap. 2) och punkt 1) i lagen.") == ("", [])  # numbers that do not count from one in order
    assert lists.inline_items("Mötet hölls i Umeå; nästa hålls i Luleå.") == ("", [])  # no colon: no list


def test_a_numbered_section_heading_is_no_item() -> None:
    parts = sentences_of("Region Halland ansvarar för\n• avgiftning,\n• provtagning.\n3. Kommunernas ansvar\nKommunerna ansvarar för boendestöd.")
    assert "3. Kommunernas ansvar" in parts
    assert lists.items_after(parts, 0) == ["avgiftning", "provtagning."]


def test_render_indents_sub_items_and_caps_the_list() -> None:
    citation = Citation(n=1, document="d", title="t", page="1", text="x", passage_id=1)
    flat, _ = render([Chosen(citation, 0, "Målen är:", 1.0, [f"Mål {i}" for i in range(LIST_ITEMS + 2)])])
    assert sum(line.startswith("  – Mål") for line in flat) == LIST_ITEMS and "2" in flat[-1]  # "+2 till"
    items = [entry for i in range(LIST_ITEMS + 2) for entry in (f"Mål {i}", f"◦ delmål {i}")]
    lines, used = render([Chosen(citation, 0, "Målen är:", 1.0, items)])
    assert lines[1:3] == ["  – Mål 0", "      ◦ delmål 0"]
    assert len(lines) == 1 + LIST_LINES + 1  # the lead, the lines that fit, "+N till"
    assert str(LIST_ITEMS + 2 - LIST_LINES // 2) in lines[-1]
    assert "delmål 0" in used[0].sentences  # the quote marks the item's text, not its mark


class _Rows:
    """A generation that holds three passages of one document and one of another."""

    def __init__(self, texts: list[tuple[str, str]]) -> None:
        self.rows = [{"id": i, "document": d, "text": t, "heading": "", "page": 1} for i, (d, t) in enumerate(texts, 1)]

    def passages(self, ids: list[int]) -> list[dict]:
        return [r for r in self.rows if r["id"] in ids]


def test_a_list_cut_by_a_passage_boundary_goes_on_in_the_next_passage() -> None:
    from answer.list_continuation import continued

    gen = _Rows([("a", "Insatser 2026:\n• Insats ett\n• Insats två"), ("a", "• Insats tre\n◦ delinsats\n• Insats fyra\nNästa stycke."),
                 ("a", "• Ett annat listans item"), ("b", "• Annat dokument")])
    citation = Citation(n=1, document="a", title="t", page="1", text=gen.rows[0]["text"], passage_id=1)
    lead = Chosen(citation, 0, "Insatser 2026:", 1.0, ["Insats ett", "Insats två"])
    [found] = continued([lead], gen)  # type: ignore[arg-type]
    assert found.items == ["Insats ett", "Insats två", "Insats tre", "◦ delinsats", "Insats fyra"]


def test_a_list_that_ends_inside_its_passage_takes_nothing_more() -> None:
    from answer.list_continuation import continued

    gen = _Rows([("a", "Fem mål:\n• Ett\n• Två\nSlut."), ("a", "• Tre")])
    citation = Citation(n=1, document="a", title="t", page="1", text=gen.rows[0]["text"], passage_id=1)
    [found] = continued([Chosen(citation, 0, "Fem mål:", 1.0, ["Ett", "Två"])], gen)  # type: ignore[arg-type]
    assert found.items == ["Ett", "Två"]
