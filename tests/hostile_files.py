"""Hostile and unlucky files for the reliability tests, written by the tests themselves
(nothing copied from the web): PDFs built object by object, odd encodings, binaries."""

from __future__ import annotations

import io
import zlib
from pathlib import Path


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (object 1 is the catalog), with a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (Latin-1 text)."""
    ops = b"BT /F1 11 Tf 50 780 Td 14 TL " + b" ".join(b"(%s) '" % line.encode("latin-1") for line in lines) + b" ET"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(ops),
        FONT,
    ])


def bomb_pdf(megabytes: int = 400) -> bytes:
    """A page whose content stream inflates from a few hundred kB to `megabytes` MB."""
    ops = b"BT /F1 11 Tf 50 780 Td (Bomb) Tj ET\n" + b" " * (megabytes * 2**20)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(ops, compress=True),
        FONT,
    ])


def shared_page_pdf(pages: int = 100_000) -> bytes:
    """`pages` pages that are all the same page object (about 600 kB for 100k)."""
    kids = b" ".join([b"3 0 R"] * pages)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(b"BT /F1 11 Tf 50 780 Td (Samma sida igen och igen.) Tj ET"),
        FONT,
    ])


def encrypted_pdf(lines: list[str], user_password: str = "") -> bytes:
    """An AES-256 encrypted copy of `text_pdf(lines)` (Acrobat's default algorithm); with an
    empty user password it opens without one, like most "protected" PDFs."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(lines))))
    writer.encrypt(user_password=user_password, owner_password="ägare-hemligt", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write(directory: Path, files: dict[str, bytes]) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, data in files.items():
        paths[name] = directory / name
        paths[name].write_bytes(data)
    return paths
