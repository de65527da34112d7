"""The records that ingest hands to the index: documents, their blocks, passages and contacts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Page:
    """Raw text of one page (PDF) or the whole text (text/HTML, page 1)."""

    number: int
    text: str


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
    kind: str  # "pdf" | "text" | "html"
    sha256: str
    pages: int
    blocks: list[Block] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
