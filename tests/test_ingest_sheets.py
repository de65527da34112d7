"""Contact lists as spreadsheets: the header row decides the columns (Swedish or English, any
order), each row becomes a directory entry with its sheet and row as source, other sheets are
indexed as tables with the header repeated; a contact sheet without a header is refused clearly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import prompts
from ingest import DocumentError, load_document
from ingest.readers.sheets import GROUP_WORDS, header_columns

PEOPLE = [
    # e-post, befattning, namn, förvaltning, telefon: deliberately not the usual column order
    ("ingrid.sjoberg@regionorebrolan.se", "Samordnare för barnhälsovård", "Ingrid Sjöberg", "Region Örebro län", "019-602 10 00"),
    ("tomas.wik@regionvarmland.se", "Verksamhetschef för ambulanssjukvård", "Tomas Wik", "Region Värmland", "054-61 40 00"),
    ("malin.oberg@regionsormland.se", "Regional processägare för psykiatri", "Malin Öberg", "Region Sörmland", "016-10 50 00"),
]


def _xlsx(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Kontakter"
    sheet.append(["Kontaktlista Mellersta samverkansregionen"])  # a title row above the header
    sheet.append(["E-post", "Befattning", "Namn", "Förvaltning", "Telefon"])
    for row in PEOPLE:
        sheet.append(list(row))
    budget = book.create_sheet("Budget")
    budget.append(["År", "Belopp (tkr)", "Kommentar"])
    for year in range(2015, 2035):
        budget.append([year, 1000.0 + year, f"Gemensam utbildningsinsats nummer {year} för vårdpersonal i regionerna"])
    book.save(path)
    return path


def _csv(path: Path) -> Path:
    lines = ["Telefon;Organisation;Roll;Namn;Mejl", "08-123 456 78;Region Stockholm;Processledare för cancervård;Anna Berg;anna.berg@regionstockholm.se",
             "018-611 00 00;Region Uppsala;Chefläkare;Olof Strand;olof.strand@regionuppsala.se"]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))  # as Swedish Excel saves CSV
    return path


def test_header_words_in_any_language_and_order() -> None:
    assert header_columns(["Mejl", "Roll", "Namn"]) == {0: "email", 1: "role", 2: "name"}
    assert header_columns(["Full name", "Job title", "Unit", "Phone"]) == {0: "name", 1: "role", 2: "organisation", 3: "phone"}
    assert header_columns(["Förnamn", "Efternamn", "E-post (arbete)"]) == {0: "first", 1: "last", 2: "email"}
    assert header_columns(["År", "Belopp", "Kommentar"]) == {}  # a table, not a contact list
    assert header_columns(["Namn", "Kommentar"]) == {}  # a name alone says nothing about the person


def test_xlsx_contacts_from_columns_and_tables_with_header(tmp_path: Path) -> None:
    doc = load_document(_xlsx(tmp_path / "kontakter.xlsx"))
    assert doc.kind == "sheet"
    assert [(c.name, c.email, c.role, c.organisation, c.phone, c.page) for c in doc.contacts] == [
        (name, email, role, org, phone, 1) for email, role, name, org, phone in PEOPLE
    ]
    assert doc.contacts[0].quote == " | ".join(PEOPLE[0])
    contact_passages = [p for p in doc.passages if p.page_start == 1]
    assert contact_passages[0].heading == "Kontaktlista Mellersta samverkansregionen"
    budget = [p for p in doc.passages if p.page_start == 2]
    assert len(budget) > 1  # 20 rows are more than one group
    for passage in budget:
        assert passage.page_end == 2 and passage.heading == "Budget"
        assert passage.text.startswith("Budget\nÅr | Belopp (tkr) | Kommentar\n")  # the header repeated
        assert len(passage.text.split()) < 2 * GROUP_WORDS
    assert sum(p.text.count("Gemensam utbildningsinsats") for p in budget) == 20


def test_csv_contacts_semicolon_cp1252(tmp_path: Path) -> None:
    doc = load_document(_csv(tmp_path / "kontakter.csv"))
    assert [(c.name, c.email, c.role, c.organisation, c.phone) for c in doc.contacts] == [
        ("Anna Berg", "anna.berg@regionstockholm.se", "Processledare för cancervård", "Region Stockholm", "08-123 456 78"),
        ("Olof Strand", "olof.strand@regionuppsala.se", "Chefläkare", "Region Uppsala", "018-611 00 00"),
    ]


def test_ods_contacts_with_english_headers(tmp_path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Members")
    rows = [["Unit", "Full name", "Job title", "E-mail"], ["Region Gotland", "Lisa Wahl", "Chief medical officer", "lisa.wahl@gotland.se"]]
    for values in rows:
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        row.addElement(TableCell(numbercolumnsrepeated=1000))  # what office suites write for the empty rest of a row
        table.addElement(row)
    table.addElement(TableRow(numberrowsrepeated=1_000_000))
    document.spreadsheet.addElement(table)
    path = tmp_path / "members.ods"
    document.save(str(path))
    doc = load_document(path)
    assert [(c.name, c.role, c.organisation, c.email, c.page) for c in doc.contacts] == [
        ("Lisa Wahl", "Chief medical officer", "Region Gotland", "lisa.wahl@gotland.se", 1)
    ]
    assert doc.passages[0].text.startswith("Members\nUnit | Full name | Job title | E-mail\nRegion Gotland | Lisa Wahl")


def test_contact_sheet_without_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lista.csv"
    path.write_text("Anna Berg;anna.berg@regionstockholm.se;Processledare\nOlof Strand;olof.strand@regionuppsala.se;Chefläkare\n",
                    encoding="utf-8")
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert str(err.value) == f"lista.csv: {prompts.text('ingest.sheet_no_header', sheet='lista')}"


@pytest.mark.slow
def test_spreadsheet_people_found_by_contacts_command_and_question(fresh_index_config) -> None:
    from answer.answerer import Answerer
    from bot.cli import main
    from index.build import ingest_corpus

    config = fresh_index_config("sheets")
    _xlsx(config.corpus_dir / "kontakter-mellersta.xlsx")
    _csv(config.corpus_dir / "kontakter-stockholm-uppsala.csv")
    report = ingest_corpus(config)
    assert not report.errors, report.errors
    env = {"SAMVERKAN_DATA_DIR": str(config.data_dir), "SAMVERKAN_CORPUS_DIR": str(config.corpus_dir), "SAMVERKAN_MODEL": config.model}
    listed = CliRunner().invoke(main, ["contacts", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    by_name = {c["name"]: c for c in json.loads(listed.output)}
    assert by_name["Malin Öberg"]["email"] == "malin.oberg@regionsormland.se"
    assert by_name["Malin Öberg"]["source"] == {"document": "kontakter-mellersta.xlsx", "page": 1}
    assert by_name["Olof Strand"]["source"] == {"document": "kontakter-stockholm-uppsala.csv", "page": 1}
    searched = CliRunner().invoke(main, ["contacts", "Tomas Wik", "--json"], env=env)
    assert json.loads(searched.output)[0]["email"] == "tomas.wik@regionvarmland.se"
    answerer = Answerer(config)
    answer = answerer.ask("Vem är kontaktperson för psykiatrin i Region Sörmland?")
    assert answer.contacts and answer.contacts[0].name == "Malin Öberg", answer.answer
    assert (answer.contacts[0].document, answer.contacts[0].page) == ("kontakter-mellersta.xlsx", 1)
    answer = answerer.ask("Vilken e-postadress har Olof Strand?")
    assert answer.contacts and answer.contacts[0].email == "olof.strand@regionuppsala.se", answer.answer
    shutil.rmtree(config.data_dir, ignore_errors=True)
