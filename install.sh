#!/usr/bin/env bash
# Install everything into .venv/ at the project root. torch==2.13.0 goes first so the
# local CPU wheel is used (a plain `torch` would pull gigabytes of CUDA packages).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
# OCR of scanned PDFs: Tesseract with Swedish data (Debian packages), only when missing; the DejaVu
# font draws the Swedish test scans that the tests and `samverkan bench` OCR
if ! { command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx swe \
       && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; }; then
    if command -v apt-get >/dev/null; then
        SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
        $SUDO apt-get update -qq && $SUDO apt-get install -y -qq tesseract-ocr tesseract-ocr-swe fonts-dejavu-core
    else
        echo "Varning: installera tesseract-ocr och tesseract-ocr-swe för OCR av skannade PDF:er" >&2
    fi
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[dev,bench]"
# the ONNX export of the embedding model (made once with torch; answering then never imports torch)
.venv/bin/python -m index.onnx_export fp32 int8
echo "Installerat: .venv/bin/samverkan"
