"""Make the damaged PDFs of eval/repair2 from the clean texts in source/.

Each document gets a damage of its own kind, none of them the sample corpus's
(`S6dra`, `&r`, `sdker`): letters replaced by other confusions, broken words at line
ends, ligatures, soft hyphens, non-breaking spaces, a scan with no text layer, and two
clean documents full of names, acronyms and English that must come out byte-identical.

Run: /work/main/.venv/bin/python eval/repair2/make_documents.py
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
pdfmetrics.registerFont(TTFont("DejaVu", FONT))


def lost(text: str) -> str:
    """All three letters lost: ä→a, ö→o, å→a."""
    return text.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))


def a_only(text: str) -> str:
    """Only ä lost (å and ö intact): a font that maps one glyph wrong."""
    return text.translate(str.maketrans("äÄ", "aA"))


def o_only(text: str) -> str:
    """Only ö lost."""
    return text.translate(str.maketrans("öÖ", "oO"))


def amp_six(text: str) -> str:
    """ä read as &, ö as 6, å lost."""
    return text.translate(str.maketrans({"ä": "&", "Ä": "&", "ö": "6", "Ö": "6", "å": "a", "Å": "A"}))


def every(pattern: str, replacement: str, step: int) -> Callable[[str], str]:
    """Replace every `step`-th match of `pattern` (a scan confuses some shapes, not all)."""

    def apply(text: str) -> str:
        count = 0

        def one(match: re.Match[str]) -> str:
            nonlocal count
            count += 1
            return replacement if count % step == 0 else match.group()

        return re.sub(pattern, one, text)

    return apply


def shapes(text: str) -> str:
    """Lost letters plus shape confusions: rn→m, li→h, l→1 inside words; fi/fl ligatures."""
    text = lost(text)
    text = every(r"rn", "m", 2)(text)
    text = every(r"(?<=[a-z])li", "h", 3)(text)
    text = every(r"(?<=[a-z])l(?=[a-z])", "1", 5)(text)
    return text.replace("fi", "\ufb01").replace("fl", "\ufb02")


def mixed(text: str) -> str:
    """ö read as é, å lost, every other ä lost and every fifth read as d; ligatures."""
    text = text.translate(str.maketrans({"ö": "é", "Ö": "Ö", "å": "a", "Å": "A"}))
    text = every(r"ä", "a", 2)(text)
    text = every(r"ä", "d", 5)(text)
    return text.replace("fi", "\ufb01")


def soft(text: str) -> str:
    """Soft hyphens inside long words and non-breaking spaces after short words."""
    text = re.sub(r"\b(\w{6})(\w{5,})", "\\1\u00ad\\2", text)
    return re.sub(r"\b(\w{1,2}) (?=\w)", "\\1\u00a0", text)


def _lines(text: str, width: float, size: float, hyphenate: bool) -> list[str]:
    """Wrap paragraphs at `width` points; with `hyphenate`, a long word is split `samver-`/`kan`."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}".strip()
            if pdfmetrics.stringWidth(trial, "DejaVu", size) <= width:
                line = trial
                continue
            if hyphenate and len(word) >= 8:
                for cut in range(len(word) - 4, 3, -1):
                    head = f"{line} {word[:cut]}-".strip()
                    if pdfmetrics.stringWidth(head, "DejaVu", size) <= width:
                        out.append(head)
                        line = word[cut:]
                        break
                else:
                    out.append(line)
                    line = word
                continue
            out.append(line)
            line = word
        out.append(line)
    return out


def text_pdf(path: Path, text: str, hyphenate: bool = False) -> None:
    """A PDF whose text layer is `text`, 10 pt, wrapped at the A4 text width."""
    size, left, top = 10.0, 60.0, A4[1] - 60
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle("")
    y = top
    for line in _lines(text, A4[0] - 2 * left, size, hyphenate):
        if y < 60:
            pdf.showPage()
            y = top
        pdf.setFont("DejaVu", size)
        pdf.drawString(left, y, line)
        y -= size * 1.45
    pdf.save()


def scanned_pdf(path: Path, text: str, dpi: int = 200, blur: float = 0.0) -> None:
    """A PDF of one image per page and no text layer: OCR must read it. A low `dpi` and a
    `blur` make a poor scan (Tesseract then confuses letters)."""
    size = 10
    font = ImageFont.truetype(FONT, int(size * dpi / 72))
    lines = _lines(text, A4[0] - 120, size, hyphenate=False)
    width, height = int(A4[0] * dpi / 72), int(A4[1] * dpi / 72)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    per_page = int((A4[1] - 120) / (size * 1.45))
    for start in range(0, len(lines), per_page):
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        y = 60 * dpi / 72
        for line in lines[start : start + per_page]:
            draw.text((60 * dpi / 72, y), line, font=font, fill=0)
            y += size * 1.45 * dpi / 72
        if blur:
            image = image.filter(ImageFilter.GaussianBlur(blur))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, width=A4[0], height=A4[1])
        pdf.showPage()
    pdf.save()


def main() -> None:
    """Write every PDF of the set next to this script."""
    source = {p.stem: p.read_text(encoding="utf-8").strip() for p in (HERE / "source").glob("*.txt")}
    out = HERE / "documents"
    out.mkdir(exist_ok=True)
    text_pdf(out / "tune_norrbotten_diacritics.pdf", lost(source["tune_norrbotten_diacritics"]), hyphenate=True)
    text_pdf(out / "tune_jamtland_ampersand.pdf", soft(amp_six(source["tune_jamtland_ampersand"])))
    text_pdf(out / "tune_gavleborg_shapes.pdf", shapes(source["tune_gavleborg_shapes"]))
    text_pdf(out / "tune_skane_a_only.pdf", a_only(source["tune_skane_a_only"]))
    text_pdf(out / "tune_halland_o_only.pdf", o_only(source["tune_halland_o_only"]))
    text_pdf(out / "tune_dalarna_members.pdf", lost(source["tune_dalarna_members"]))
    scanned_pdf(out / "tune_vastmanland_scan.pdf", source["tune_vastmanland_scan"], dpi=75, blur=0.5)
    text_pdf(out / "tune_clean_names.pdf", source["tune_clean_names"], hyphenate=True)
    text_pdf(out / "holdout_kalmar_mixed.pdf", mixed(source["holdout_kalmar_mixed"]), hyphenate=True)
    text_pdf(out / "holdout_clean_acronyms.pdf", source["holdout_clean_acronyms"])


if __name__ == "__main__":
    main()
