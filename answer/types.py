"""What the answerer returns: every front-end (terminal, Telegram, JSON) renders these."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Citation:
    """A numbered source: the passage quoted verbatim, with document and page."""

    n: int
    document: str
    title: str
    page: str
    text: str
    heading: str = ""
    passage_id: int = 0
    sentences: list[str] = field(default_factory=list)  # the sentences of `text` the answer cites (quote windows centre on them)
    date: str = ""  # ISO date of the document (year, year-month or full), "" if unknown
    url: str = ""  # the web address of a fetched page: the citation links to it
    ocr: bool = False  # the quoted text was recognised by OCR from a scanned page (may contain misreadings)
    raw_text: str = ""  # the text layer as read, when ingest repaired it ("Visa originaltext")


@dataclass
class ContactCard:
    """A person from the contact directory, with the source that names them."""

    name: str
    email: str
    organisation: str
    role: str
    document: str
    page: int
    quote: str = ""
    name_guessed: bool = False
    body: str = ""  # the body the role is held in ("Norra regionvårdsnämnden")
    region: str = ""  # where that body is (a health-care region or a region), "" if unknown

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "email": self.email,
            "organisation": self.organisation,
            "role": self.role,
            "body": self.body,
            "region": self.region,
            "source": {"document": self.document, "page": self.page},
        }


@dataclass
class Answer:
    """A finished answer: text with [n] markers, its citations and any contact cards."""

    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    contacts: list[ContactCard] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)  # shown as "kanske relaterat" on abstention
    latency_ms: float = 0.0
    generation: str = ""  # the index generation that answered: one answer never mixes two
    lang: str = "sv"  # the asker's language: fixed texts are rendered in it
    resolved_question: str = ""  # the question as understood in its conversation, when it differs
    choices: list[str] = field(default_factory=list)  # clarifying options the user can pick from
    kind: str = "answer"  # answer | contacts | help | decline: what sort of reply this is

    def to_json(self) -> dict:
        """The `ask --json` schema."""
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [
                {k: v for k, v in asdict(c).items() if k in ("n", "document", "title", "page", "text", "date", "url", "ocr")}
                for c in self.citations
            ],
            "contacts": [c.to_json() for c in self.contacts],
            "resolved_question": self.resolved_question,
            "choices": list(self.choices),
            "kind": self.kind,
            "lang": self.lang,
        }
