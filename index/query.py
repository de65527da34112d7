"""The index side's query type and the text tools the answer layer shares with ingest.

`SearchQuery` is what `Searcher.search` takes besides a plain string: the answer
layer analyses a question once (answer/query.py) and hands the search its Swedish
terms, the text to embed and the entity words a passage should carry. Kept here so
`index/` never imports `answer/`, and `answer/` reaches ingest's text functions only
through `index/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.chunking import split_sentences
from ingest.contacts import REGIONS, name_candidates
from ingest.model import LEVEL_MARKS
from ingest.normalize import STOPWORDS_EN, char_grams, fold, fold_ocr, is_stopword, stem, stems, words

__all__ = [
    "LEVEL_MARKS",
    "REGIONS",
    "STOPWORDS_EN",
    "SearchQuery",
    "char_grams",
    "fold",
    "fold_ocr",
    "is_stopword",
    "name_candidates",
    "split_sentences",
    "stem",
    "stems",
    "words",
]


@dataclass
class SearchQuery:
    """A question as the search sees it: keyword terms (Swedish stems), the text for the
    vector side, and entity stems whose presence in a passage's title, heading or text
    raises it (and whose absence, when another entity of the same kind is there, lowers it)."""

    text: str
    terms: list[str]
    entities: list[list[str]] = field(default_factory=list)  # each entity as its stems; all must match
    rivals: list[list[str]] = field(default_factory=list)  # entities of the same kind the question does not name
    context_terms: list[str] = field(default_factory=list)  # earlier turns' terms: weigh less
