"""Writes the binary documents of eval/lists3: a DOCX plan with a numbered list broken by a
page break, nested bullets (Word list levels) and a table whose rows are the members; a
two-page PDF of minutes whose list of decisions runs over the page break; and a spreadsheet
whose rows are the networks asked for. The Markdown, HTML and text documents there are
written by hand. Run: python tools/lists3_documents.py"""
from pathlib import Path

import docx
import openpyxl
from docx.enum.text import WD_BREAK
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

OUT = Path(__file__).resolve().parents[1] / "eval" / "lists3"


def write_docx() -> None:
    d = docx.Document()
    d.add_heading("Verksamhetsplan 2026 – Länsgemensam habilitering i Östergötland", 0)
    d.add_paragraph("Fastställd av styrgruppen för länsgemensam habilitering 2025-11-20.")
    d.add_heading("Uppdrag", 1)
    d.add_paragraph("Habiliteringen i Östergötland ger stöd till barn, unga och vuxna med "
                    "funktionsnedsättningar. Verksamheten drivs av Region Östergötland i samverkan med kommunerna.")
    d.add_heading("Insatsområden 2026", 1)
    d.add_paragraph("Under 2026 arbetar vi inom följande insatsområden:")
    items = ["Kortare väntetid till första besök", "Gemensam vårdplan med elevhälsan",
             "Stöd till familjer med flera barn med funktionsnedsättning", "Digitala föräldrautbildningar",
             "Samordnad hjälpmedelsförskrivning", "Kompetensutveckling om neuropsykiatriska diagnoser"]
    for n, item in enumerate(items):
        p = d.add_paragraph(item, style="List Number")
        if n == 2:
            p.add_run().add_break(WD_BREAK.PAGE)
    d.add_heading("Organisation", 1)
    d.add_paragraph("Arbetet leds av styrgruppen och bedrivs i tre arbetsgrupper:")
    d.add_paragraph("Arbetsgrupp barn och unga", style="List Bullet")
    d.add_paragraph("Elevhälsans representanter", style="List Bullet 2")
    d.add_paragraph("Barn- och ungdomshabiliteringen", style="List Bullet 2")
    d.add_paragraph("Arbetsgrupp vuxna", style="List Bullet")
    d.add_paragraph("Vuxenhabiliteringen", style="List Bullet 2")
    d.add_paragraph("Kommunernas LSS-handläggare", style="List Bullet 2")
    d.add_paragraph("Arbetsgrupp hjälpmedel", style="List Bullet")
    d.add_paragraph("Hjälpmedelscentralen", style="List Bullet 2")
    d.add_heading("Styrgruppens sammansättning", 1)
    d.add_paragraph("I styrgruppen ingår:")
    table = d.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Ledamot", "Uppdrag", "Huvudman"], strict=True):
        cell.text = text
    for row in [("Sofia Hammar", "ordförande", "Region Östergötland"), ("Petter Lund", "socialchef", "Linköpings kommun"),
                ("Amina Rashid", "verksamhetschef", "Norrköpings kommun"), ("Göran Ekdahl", "områdeschef", "Motala kommun"),
                ("Lena Wiik", "samordnare", "Region Östergötland")]:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    d.add_heading("Risker", 1)
    d.add_paragraph("De största riskerna för planen är brist på psykologer, oklara ekonomiska ramar för "
                    "2027 och att elevhälsans organisation skiljer sig mellan kommunerna.")
    d.save(OUT / "verksamhetsplan-habilitering-ostergotland-2026.docx")


def write_pdf() -> None:
    c = canvas.Canvas(str(OUT / "protokoll-tandvardsgrupp-vasterbotten-2025-11-06.pdf"), pagesize=A4)
    c.setTitle("Protokoll tandvårdsgruppen Västerbotten 2025-11-06")
    width, height = A4

    def lines(y: float, texts: list[str], x: float = 60) -> float:
        for text in texts:
            c.drawString(x, y, text)
            y -= 18
        return y

    def footer(n: int) -> None:
        c.setFont("Helvetica", 8)
        c.drawString(60, 30, "Region Västerbotten · Tandvårdsgruppen")
        c.drawString(width - 80, 30, f"Sida {n}")

    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, height - 70, "Protokoll – Tandvårdsgruppen i Västerbotten")
    c.setFont("Helvetica", 11)
    y = lines(height - 100, ["Datum: 2025-11-06, kl. 13.00–15.30", "Plats: Regionens hus, Umeå"])
    c.setFont("Helvetica-Bold", 12)
    y = lines(y - 10, ["Närvarande"])
    c.setFont("Helvetica", 11)
    y = lines(y, ["Anneli Strömberg, ordförande, Folktandvården Västerbotten",
                  "Mikael Forsgren, tandvårdsstrateg, Region Västerbotten",
                  "Hanna Lidström, medicinskt ansvarig sjuksköterska, Skellefteå kommun",
                  "Tobias Marklund, avdelningschef, Umeå kommun",
                  "Sara Nyberg, sekreterare, Region Västerbotten"])
    c.setFont("Helvetica-Bold", 12)
    y = lines(y - 10, ["§ 1 Uppsökande munhälsobedömning"])
    c.setFont("Helvetica", 11)
    y = lines(y, ["Gruppen gick igenom resultatet för 2025. Andelen bedömda personer har ökat till 78 procent.",
                  "Flera kommuner rapporterar att listorna över berättigade personer är ofullständiga."])
    c.setFont("Helvetica-Bold", 12)
    y = lines(y - 10, ["§ 2 Beslut"])
    c.setFont("Helvetica", 11)
    y = lines(y, ["Tandvårdsgruppen beslutade att:"])
    lines(y, ["• införa en gemensam blankett för intyg om nödvändig tandvård från den 1 januari 2026,",
              "• ge Mikael Forsgren i uppdrag att ta fram en utbildning i munvård för",
              "  omsorgspersonal i hemtjänsten,"])
    footer(1)
    c.showPage()
    c.setFont("Helvetica", 11)
    y = lines(height - 70, ["• begära ett utökat anslag för tandvård till asylsökande hos regionstyrelsen,",
                            "• flytta gruppens möten till Lycksele en gång per år."])
    c.setFont("Helvetica-Bold", 12)
    y = lines(y - 10, ["§ 3 Nästa möte"])
    c.setFont("Helvetica", 11)
    lines(y, ["Nästa möte hålls den 12 februari 2026 i Skellefteå."])
    footer(2)
    c.showPage()
    c.save()


def write_xlsx() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Nätverk"
    sheet.append(["Nätverk", "Sammankallande funktion", "Möten per år"])
    for row in [("Nätverket för läkemedelsgenomgångar", "läkemedelskommitténs kansli", 4),
                ("Nätverket för antibiotikafrågor (Strama Örebro)", "smittskyddsenheten", 6),
                ("Nätverket för dosdispensering", "apotekssamordnaren", 2),
                ("Nätverket för medicintekniska produkter i hemmet", "hjälpmedelscentrum", 3),
                ("Nätverket för läkemedel i särskilt boende", "MAS-gruppen", 4)]:
        sheet.append(list(row))
    book.properties.title = "Nätverk inom läkemedelssamverkan i Örebro län"
    book.save(OUT / "natverk-lakemedelssamverkan-orebro.xlsx")


if __name__ == "__main__":
    write_docx()
    write_pdf()
    write_xlsx()
