"""PDFs written by the tests (reportlab): pages with a running header and footer, as regions'
plans and minutes have them. The calling test module skips itself when reportlab is missing."""

from __future__ import annotations

from pathlib import Path


def pdf_with_running_lines(path: Path, header: str, pages: list[list[str]], footer: str) -> Path:
    """A PDF whose every page has `header` at the top, the body lines, and `footer`
    ("{n}" and "{total}" filled) at the bottom."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(50, height - 40, header)
        pdf.setFont("Helvetica", 11)
        y = height - 90
        for line in lines:
            pdf.drawString(50, y, line)
            y -= 16
        pdf.setFont("Helvetica", 8)
        pdf.drawRightString(width - 50, 30, footer.format(n=number, total=len(pages)))
        pdf.showPage()
    pdf.save()
    return path
