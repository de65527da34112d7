"""Writes the binary documents of eval/answerability3 (a Word file and a PDF) so they can be
rebuilt: `python eval/make_answerability3.py`."""

from pathlib import Path

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

OUT = Path(__file__).resolve().parent / "answerability3"


def gotland_docx() -> None:
    doc = Document()
    doc.add_heading("Äldresamverkan Gotland – styrgrupp och arbetsformer", 0)
    doc.add_paragraph("Reviderad 2025-03-12")
    doc.add_heading("Syfte", 1)
    doc.add_paragraph(
        "Äldresamverkan Gotland är Region Gotlands samverkan mellan hälso- och sjukvården och "
        "socialförvaltningens äldreomsorg. Målet är att färre äldre ska behöva åka till akutmottagningen "
        "på Visby lasarett."
    )
    doc.add_heading("Styrgruppen", 1)
    doc.add_paragraph("Styrgruppen består av sju personer. Ledamöter 2025:")
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Namn", "Roll", "Förvaltning"), strict=True):
        cell.text = text
    for row in (
        ("Karin Dahlgren", "Ordförande", "Hälso- och sjukvårdsförvaltningen"),
        ("Oskar Lundberg", "Vice ordförande", "Socialförvaltningen"),
        ("Sofia Nyman", "Medicinskt ansvarig sjuksköterska", "Socialförvaltningen"),
        ("Erik Wallin", "Verksamhetschef", "Primärvården Gotland"),
    ):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    doc.add_heading("Arbetsformer", 1)
    doc.add_paragraph(
        "Styrgruppen möts varannan månad. Under styrgruppen finns tre arbetsgrupper: "
        "läkemedel, fallprevention och trygg hemgång."
    )
    doc.add_paragraph(
        "Arbetsgruppen för trygg hemgång ska senast den 30 juni 2025 lämna förslag på en gemensam "
        "rutin för utskrivning från slutenvården."
    )
    doc.add_heading("Kontakt", 1)
    doc.add_paragraph("Frågor om äldresamverkan besvaras av processledare Maja Hellström, maja.hellstrom@gotland.se.")
    doc.save(OUT / "aldresamverkan-gotland.docx")


def uppsala_pdf() -> None:
    styles = getSampleStyleSheet()
    story = [
        Paragraph("Avtal om verksamhetsförlagd utbildning (VFU) mellan Region Uppsala och Uppsala universitet", styles["Title"]),
        Paragraph("Avtalsperiod 2024-01-01 – 2027-12-31", styles["Normal"]),
        Spacer(1, 12),
        Paragraph("1. Parter och syfte", styles["Heading2"]),
        Paragraph(
            "Avtalet reglerar hur Region Uppsala tar emot studenter från Uppsala universitet för "
            "verksamhetsförlagd utbildning inom läkar-, sjuksköterske- och fysioterapeutprogrammen.",
            styles["Normal"],
        ),
        Paragraph("2. Antal platser", styles["Heading2"]),
        Paragraph(
            "Regionen tillhandahåller varje termin minst 320 VFU-platser, varav 140 inom läkarprogrammet.",
            styles["Normal"],
        ),
        Paragraph("3. Ersättning", styles["Heading2"]),
        Paragraph(
            "Universitetet ersätter regionen med 2 100 kronor per student och vecka. Ersättningen räknas upp "
            "årligen med 2,5 procent.",
            styles["Normal"],
        ),
        Paragraph("4. Samverkansgrupp", styles["Heading2"]),
        Paragraph(
            "En gemensam samverkansgrupp för VFU följer upp avtalet. Gruppen sammanträder två gånger per termin "
            "och leds växelvis av regionens utbildningschef och universitetets vicerektor för medicin och farmaci.",
            styles["Normal"],
        ),
        Paragraph("5. Uppsägning", styles["Heading2"]),
        Paragraph("Avtalet kan sägas upp med tolv månaders uppsägningstid.", styles["Normal"]),
    ]
    SimpleDocTemplate(str(OUT / "vfu-avtal-region-uppsala.pdf"), pagesize=A4, title="VFU-avtal Region Uppsala").build(story)


if __name__ == "__main__":
    gotland_docx()
    uppsala_pdf()
