"""Writes the binary documents of the people3 set (DOCX, XLSX, PDF); run once from the checkout:
.venv/bin/python eval/people3_make_documents.py"""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

HERE = Path(__file__).parent / "people3"


def hygiene_docx() -> None:
    """Two working groups, each a table whose columns run e-mail | role | name | region."""
    document = docx.Document()
    document.add_heading("Regionala arbetsgrupper i Södra sjukvårdsregionen", level=1)
    document.add_paragraph(
        "Södra regionvårdsnämnden har inrättat två arbetsgrupper för smittskydd och vårdhygien. "
        "Grupperna rapporterar till regionsjukvårdsledningen två gånger per år."
    )
    groups = {
        "Arbetsgruppen för vårdhygien": [
            ("kristina.holm@skane.se", "Sammankallande", "Kristina Holm", "Region Skåne"),
            ("peter.nord@regionblekinge.se", "Ledamot", "Peter Nord", "Region Blekinge"),
            ("sofia.lind@kronoberg.se", "Ledamot", "Sofia Lind", "Region Kronoberg"),
            ("amir.rahimi@regionhalland.se", "Ledamot", "Amir Rahimi", "Region Halland"),
        ],
        "Referensgruppen för antibiotikafrågor (Strama Syd)": [
            ("jonas.ekdahl@kronoberg.se", "Ordförande", "Jonas Ekdahl", "Region Kronoberg"),
            ("kristina.holm@skane.se", "Sekreterare", "Kristina Holm", "Region Skåne"),
            ("maja.svahn@regionblekinge.se", "Ledamot", "Maja Svahn", "Region Blekinge"),
        ],
    }
    for heading, rows in groups.items():
        document.add_heading(heading, level=2)
        table = document.add_table(rows=1, cols=4)
        for cell, text in zip(table.rows[0].cells, ("E-post", "Roll i gruppen", "Namn", "Region")):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
    document.save(HERE / "arbetsgrupper-vardhygien-strama-sodra.docx")


def drug_committee_xlsx() -> None:
    """A member sheet with surname and first name in columns of their own, role first."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Ledamöter 2025"
    sheet.append(["Läkemedelskommittén i Region Jönköpings län – ledamöter 2025"])
    sheet.append([])
    sheet.append(["Uppdrag", "Efternamn", "Förnamn", "Arbetsplats", "E-post"])
    for row in [
        ("Ordförande", "Bergkvist", "Henrik", "Medicinkliniken, Värnamo sjukhus", "henrik.bergkvist@rjl.se"),
        ("Vice ordförande", "Taylor", "Rebecca", "Vårdcentralen Bankeryd", "rebecca.taylor@rjl.se"),
        ("Sekreterare", "Osman", "Leyla", "Läkemedelsenheten", "leyla.osman@rjl.se"),
        ("Ledamot", "Fransson", "Gunnar", "Psykiatriska kliniken, Ryhov", "gunnar.fransson@rjl.se"),
        ("Ledamot", "Wikström", "Elsa", "Jönköpings kommun", "elsa.wikstrom@jonkoping.se"),
    ]:
        sheet.append(list(row))
    book.save(HERE / "lakemedelskommitten-jonkoping-ledamoter-2025.xlsx")


def ehealth_pdf() -> None:
    """Notes of a steering group: roles as abbreviations after the names, a later role sentence."""
    lines = [
        "Minnesanteckningar",
        "Länsgemensam styrgrupp för e-hälsa i Sörmland",
        "Datum: 2025-03-18, Länssamverkan Sörmland, Nyköping",
        "",
        "Deltagare: Johan Blom, Region Sörmland (ordf.); Sanna Ericsson, Eskilstuna kommun;",
        "Kerstin Alm, Katrineholms kommun; Mohammed Ali, Nyköpings kommun;",
        "Pia Runeborg, Region Sörmland (sekr.)",
        "Frånvarande: Ola Tell, Strängnäs kommun",
        "",
        "1. Lägesrapport digitala vårdmöten",
        "Sanna Ericsson redovisade läget. Hon är sedan januari 2025 projektledare för införandet",
        "av digitala vårdmöten i hemtjänsten. Fyra kommuner har börjat använda tjänsten.",
        "",
        "2. Informationssäkerhet",
        "Styrgruppen beslutade att ta fram en gemensam rutin för loggkontroll under våren.",
        "",
        "3. Nästa möte",
        "Nästa möte hålls den 10 juni 2025.",
        "",
        "Vid anteckningarna: Pia Runeborg",
    ]
    pdf = canvas.Canvas(str(HERE / "minnesanteckningar-styrgrupp-ehalsa-sormland-2025-03.pdf"), pagesize=A4)
    y = 800
    for line in lines:
        pdf.setFont("Helvetica-Bold" if y > 780 else "Helvetica", 11)
        pdf.drawString(60, y, line)
        y -= 18
    pdf.save()


if __name__ == "__main__":
    hygiene_docx()
    drug_committee_xlsx()
    ehealth_pdf()
