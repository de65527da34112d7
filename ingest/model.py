"""The records that ingest hands to the index: documents, their blocks, passages and contacts."""

from __future__ import annotations

from dataclasses import dataclass, field

# How a passage's text marks list items: "• item" for a list's first level, "◦ item" for an item
# nested under the item above it ("- Mål 1" / "  - delmål") and "▪ item" for one nested deeper,
# so a sub-item keeps its parent.
LEVEL_MARKS = ("•", "◦", "▪")
ITEM_MARK, SUB_ITEM_MARK = LEVEL_MARKS[0], LEVEL_MARKS[1]


def item_mark(level: int) -> str:
    """The mark of a list item `level` levels deep (0 = the list's first level)."""
    return LEVEL_MARKS[max(0, min(level, len(LEVEL_MARKS) - 1))]


@dataclass
class Page:
    """Raw text of one page (PDF page, slide, sheet) or the whole text (text/HTML, page 1)."""

    number: int
    text: str
    ocr: bool = False  # the text was recognised from an image of the page, not read from a text layer


@dataclass
class Block:
    """A cleaned unit of a document: a heading, a paragraph or a list (lead-in + items)."""

    kind: str  # "heading" | "text"
    text: str
    page: int
    heading: str = ""


@dataclass
class Passage:
    """A retrieval unit: verbatim (cleaned) text plus where it comes from."""

    document: str
    title: str
    page_start: int
    page_end: int
    heading: str
    text: str
    ordinal: int = 0
    ocr: bool = False  # some of its text was recognised by OCR: citations say so
    raw_text: str = ""  # the text layer as read, when repair changed it (ingest/repair.py)

    @property
    def page_label(self) -> str:
        """'3' or '3–4': how a citation names the pages."""
        if self.page_end != self.page_start:
            return f"{self.page_start}–{self.page_end}"
        return str(self.page_start)


@dataclass
class Contact:
    """One person (or a mailbox) found in a document, with the line that names them.
    A person named with a role in a body ("Sven Oredsson, ordförande i X") is a contact
    too, with or without an e-mail address."""

    name: str
    email: str = ""
    organisation: str = ""
    role: str = ""
    body: str = ""  # the body or group the role is held in ("Regionsjukvårdsledningen")
    phone: str = ""
    document: str = ""
    page: int = 1
    quote: str = ""
    name_guessed: bool = False


@dataclass
class Document:
    """A parsed document: what the index stores about one file."""

    name: str  # file name, the document's identity in the corpus
    title: str
    kind: str  # the reader's kind: "pdf", "text", "html", "docx", "pptx", "odt", "sheet"
    sha256: str
    pages: int
    date: str = ""  # ISO date the document was written or last revised ("" if unknown)
    date_source: str = ""  # where the date comes from: "text", "metadata", "http" or "file"
    url: str = ""  # the web address a fetched page came from; citations link to it
    ocr_pages: int = 0
    blocks: list[Block] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    abbreviations: dict[str, str] = field(default_factory=dict)  # introduced abbreviation -> full name
    warnings: list[str] = field(default_factory=list)
    repaired_words: int = 0  # words whose lost Swedish letters were restored
    nonword_share: tuple[float, float] = (0.0, 0.0)  # share of non-word tokens before and after repair
