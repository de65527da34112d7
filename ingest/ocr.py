"""OCR of scanned PDF pages with Tesseract and its Swedish data.

Only pages without a text layer that carry an image are recognised, one page at a
time (rendered by PDFium), so a thousand-page scan never sits in memory as images.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

OCR_LANG = "swe"
OCR_DPI = 300  # Tesseract's accuracy drops clearly below ~250 dpi


@functools.cache
def ocr_available() -> bool:
    """Is the `tesseract` command installed with Swedish data?"""
    if shutil.which("tesseract") is None:
        return False
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return OCR_LANG in listed.stdout.split()


def image_pages(path: Path, numbers: Iterable[int]) -> list[int]:
    """Those of `numbers` (1-based) whose page holds at least one image: candidates for OCR."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    found = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in numbers:
            page = pdf[number - 1]
            if any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=3)):
                found.append(number)
    finally:
        pdf.close()
    return found


def ocr_pdf_pages(path: Path, numbers: list[int]) -> dict[int, str]:
    """Recognised text of the given pages (1-based), with a progress bar on a terminal."""
    import pypdfium2 as pdfium
    import pytesseract
    from tqdm import tqdm

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per page: the machine is shared
    texts: dict[int, str] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in tqdm(numbers, desc=f"OCR {path.name[:30]}", unit="sida", leave=False, file=sys.stderr, disable=None):
            image = pdf[number - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
            texts[number] = pytesseract.image_to_string(image, lang=OCR_LANG)
    finally:
        pdf.close()
    return texts


def write_scanned_pdf(path: Path, pages: list[list[str]], font_size: int = 34) -> Path:
    """A PDF whose pages are pictures of `pages` (lines of text) and no text layer: what a
    scanner makes. Tests and the bench use it; nothing is downloaded."""
    from PIL import Image, ImageDraw, ImageFont

    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", font_size)  # Debian's fonts-dejavu-core, if present
    except OSError:
        font = ImageFont.load_default(size=font_size)
    images = []
    for lines in pages:
        image = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines):
            draw.text((100, 120 + i * int(font_size * 1.6)), line, fill=0, font=font)
        images.append(image)
    images[0].save(path, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return path


def ocr_pages_per_second(work_dir: Path, pages: int = 2) -> float | None:
    """Measured OCR throughput on scanned Swedish pages (None without Tesseract): for `bench`."""
    if not ocr_available():
        return None
    text = [
        "Samverkansnämnden beslutar om gemensamma riktlinjer för vården.",
        "Regionerna ansvarar för att planen följs upp varje år.",
        "Senast uppdaterad 2024-03-01",
    ]
    pdf = write_scanned_pdf(work_dir / "ocr-bench.pdf", [text] * pages)
    started = time.perf_counter()
    ocr_pdf_pages(pdf, list(range(1, pages + 1)))
    return pages / (time.perf_counter() - started)
