#!/usr/bin/env bash
# Install everything into .venv/ at the project root. torch==2.13.0 goes first so the
# local CPU wheel is used (a plain `torch` would pull gigabytes of CUDA packages).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[test,bench]"
# the ONNX export of the embedding model (made once with torch; answering then never imports torch)
.venv/bin/python -m index.onnx_export fp32 int8
echo "Installerat: .venv/bin/samverkan"
