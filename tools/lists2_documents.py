"""Writes the two binary documents of eval/lists2 (a slide presentation PDF with slide titles
drawn after their body on some slides, a numbered list broken over two slides, and a DOCX
report with headings over prose and bullets). The text, Markdown and HTML documents there
are written by hand. Run: python tools/lists2_documents.py"""
import textwrap
from pathlib import Path

import docx
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

OUT = str(Path(__file__).resolve().parents[1] / "eval" / "lists2") + "/"
W, H = landscape(A4)

def slide(c, n, title, body, title_last=False, bullets=None):
    lines = []
    for para in body:
        lines += textwrap.wrap(para, 95) + [""]
    def draw_title(y):
        c.setFont("Helvetica-Bold", 26)
        c.drawString(50, y, title)
    y = H - 120
    if not title_last:
        draw_title(H - 70)
    c.setFont("Helvetica", 14)
    for line in lines:
        c.drawString(50, y, line)
        y -= 20
    for b in bullets or []:
        c.drawString(60, y, b)
        y -= 22
    if title_last:
        draw_title(H - 70)
    c.setFont("Helvetica", 9)
    c.drawString(50, 25, "Region Gävleborg · Hälsoval och primärvård")
    c.drawString(W - 60, 25, str(n))
    c.showPage()

c = canvas.Canvas(OUT + "gavleborg-primarvard-presentation-2024.pdf", pagesize=landscape(A4))
c.setTitle("Primärvården i Gävleborg – läget 2024")
slide(c, 1, "Primärvården i Gävleborg – läget 2024", [
    "Presentation för samverkansgruppen hälsa och välfärd, 12 mars 2024.",
    "Anna Berglöf, hälsovalsenheten, Region Gävleborg."])
slide(c, 2, "Utmaningar", [
    "Andelen invånare som saknar fast läkarkontakt är fortfarande högre i Gävleborg än i riket.",
    "Rekryteringen av distriktssköterskor till glesbygdens vårdcentraler har blivit svårare för varje år.",
    "Antalet multisjuka äldre som vårdas i hemmet ökar snabbare än hemsjukvårdens resurser.",
    "Väntetiderna till första bedömning inom barn- och ungdomspsykiatrin överstiger vårdgarantin.",
], title_last=True)
slide(c, 3, "Möjligheter", [
    "Digitala vårdbesök kan avlasta vårdcentralerna i de mindre orterna.",
    "Ett gemensamt kompetenscentrum med kommunerna ger bättre förutsättningar för vidareutbildning.",
    "Mobila team kan ta över en del av de planerade hembesöken.",
])
slide(c, 4, "Prioriterade insatser 2024–2025", [], bullets=[
    "1. Fast omsorgskontakt för alla invånare över 75 år",
    "2. Gemensam bemanningspool för distriktssköterskor",
    "3. Utbyggd digital första linje",
])
slide(c, 5, "Prioriterade insatser (forts.)", [], bullets=[
    "4. Samordnad individuell plan inom en vecka efter utskrivning",
    "5. Uppföljning av väntetider varje månad i samverkansgruppen",
])
slide(c, 6, "Framgångsfaktorer", [
    "En gemensam lägesbild mellan region och kommuner har gjort prioriteringarna tydligare.",
    "Chefer på båda sidor har fått mandat att fatta beslut i samverkansgruppen.",
    "Uppföljningen bygger på samma nyckeltal i hela länet.",
], title_last=True)
slide(c, 7, "Tack!", ["Frågor: anna.berglof@regiongavleborg.se"])
c.save()

d = docx.Document()
d.core_properties.title = "Verksamhetsberättelse 2024 – Vårdsamverkan Uppsala län"
d.add_heading("Verksamhetsberättelse 2024 – Vårdsamverkan Uppsala län", 0)
d.add_paragraph("Vårdsamverkan Uppsala län är det gemensamma organet för Region Uppsala och länets åtta kommuner inom hälsa, vård och omsorg.")
d.add_heading("Årets viktigaste resultat", 1)
d.add_paragraph("Ett länsgemensamt avtal om hemsjukvård trädde i kraft den 1 april 2024.")
d.add_paragraph("Antalet utskrivningsklara patienter som väntade mer än tre dagar på sjukhuset halverades jämfört med 2023.")
d.add_paragraph("Alla åtta kommuner har nu infört samma digitala verktyg för samordnad individuell plan.")
d.add_heading("Risker inför 2025", 1)
d.add_paragraph("Kommunernas ekonomi är ansträngd och flera har aviserat besparingar inom äldreomsorgen.")
d.add_paragraph("Personalomsättningen bland undersköterskor i hemtjänsten är fortsatt hög.")
d.add_paragraph("Ett nytt journalsystem i regionen kan försena informationsöverföringen under införandet.")
d.add_heading("Arbetsgrupper", 1)
d.add_paragraph("Under styrgruppen finns följande arbetsgrupper:")
for t in ["Arbetsgruppen för barn och unga", "Arbetsgruppen för psykisk hälsa och beroende",
          "Arbetsgruppen för äldres hälsa", "Arbetsgruppen för läkemedel i samverkan"]:
    d.add_paragraph(t, style="List Bullet")
d.add_heading("Kontakt", 1)
d.add_paragraph("Samordnare: Lars Öhman, lars.ohman@regionuppsala.se")
d.save(OUT + "verksamhetsberattelse-vardsamverkan-uppsala-2024.docx")
