"""Measure text-layer repair on documents whose clean text is known (eval/repair2).

For each PDF with a clean source text of the same name: the share of word tokens that
are not Swedish word forms, and the word error rate against the clean text, before
repair (the text layer or OCR as read) and after (what users see).

Run: PYTHONPATH=$PWD /work/main/.venv/bin/python -m tools.repair_eval [eval/repair2] [--split tune|holdout]
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from ingest import load_document
from ingest.repair import measure

_WORD = re.compile(r"[^\W_]*[^\W\d_][^\W_]*")  # tokens with a letter: list numbers are cleaning's


@dataclass
class Score:
    """One document's figures: non-word shares and word error rates before/after, words repaired."""

    name: str
    nonword_before: float
    nonword_after: float
    wer_before: float
    wer_after: float
    repaired: int
    unchanged: bool  # the text shown is the text read, byte for byte


def words(text: str) -> list[str]:
    """Word tokens as written (case kept: `Södra` and `södra` are both right only in place)."""
    return _WORD.findall(text.replace("\u00ad", ""))


def word_error_rate(hypothesis: list[str], reference: list[str]) -> float:
    """(substitutions + deletions + insertions) / reference words, by edit distance."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, start=1):
        current = [i] + [0] * len(hypothesis)
        for j, hyp in enumerate(hypothesis, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp))
        previous = current
    return previous[-1] / max(len(reference), 1)


def score(pdf: Path, clean_text: str) -> Score:
    """Ingest `pdf` and compare what it shows with `clean_text`."""
    document = load_document(pdf)
    shown = "\n".join(p.text for p in document.passages)
    read = "\n".join((p.raw_text or p.text) for p in document.passages)
    reference = words(clean_text)
    return Score(
        name=pdf.stem,
        nonword_before=measure(read).nonword_share,
        nonword_after=measure(shown).nonword_share,
        wer_before=word_error_rate(words(read), reference),
        wer_after=word_error_rate(words(shown), reference),
        repaired=document.repaired_words,
        unchanged=not any(p.raw_text for p in document.passages),
    )


def evaluate(folder: Path, split: str = "") -> list[Score]:
    """Scores of every document in `folder`/documents whose source text exists (of one split)."""
    out = []
    for pdf in sorted((folder / "documents").glob("*.pdf")):
        source = folder / "source" / f"{pdf.stem}.txt"
        if source.is_file() and pdf.stem.startswith(split):
            out.append(score(pdf, source.read_text(encoding="utf-8")))
    return out


def main() -> None:
    """Print one line per document and the means."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", default="eval/repair2", type=Path)
    parser.add_argument("--split", default="", help="tune or holdout (file name prefix)")
    args = parser.parse_args()
    scores = evaluate(args.folder, args.split)
    print(f"{'document':32} {'nonword before→after':>22} {'WER before→after':>20} {'repaired':>8} unchanged")
    for s in scores:
        print(
            f"{s.name:32} {s.nonword_before:9.1%} → {s.nonword_after:6.1%}   {s.wer_before:8.1%} → {s.wer_after:6.1%}"
            f" {s.repaired:8} {s.unchanged}"
        )
    if scores:
        n = len(scores)
        print(
            f"{'mean':32} {sum(s.nonword_before for s in scores) / n:9.1%} → {sum(s.nonword_after for s in scores) / n:6.1%}"
            f"   {sum(s.wer_before for s in scores) / n:8.1%} → {sum(s.wer_after for s in scores) / n:6.1%}"
        )


if __name__ == "__main__":
    main()
