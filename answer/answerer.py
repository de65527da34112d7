"""The answerer every front-end calls: a question in, an `Answer` with citations out.

Extractive on purpose: the answer is made of the source's own sentences, each
followed by the number of the passage it comes from, so nothing is invented.
Contact questions are answered from the contact directory with cards; questions
the documents do not answer are declined plainly, with the nearest passages
offered only as "kanske relaterat".
"""

from __future__ import annotations

import logging
import time

import prompts
import settings as settings_module
from answer.conversation import Conversation, Turn
from answer.question_text import clean_question
from answer.types import Answer, Citation, ContactCard
from index.contact_search import Person, is_contact_question, mentions_known_name, search_people
from index.search import Generation, Searcher
from ingest.chunking import split_sentences
from ingest.normalize import char_grams, stems
from settings import Settings

log = logging.getLogger(__name__)

TOP_K = 5  # citations per answer (eval's recall@5 reads them)
ANSWER_SENTENCES = 3
LIST_ITEMS = 8  # list items that follow a chosen lead-in ending with ':'
# Abstention, calibrated on the dev set (README, "Utvärdering"): the top passage must
# cover this idf-weighted share of the question's terms. Unanswerable dev questions
# reach 0.17–0.22, answerable Swedish ones 0.51–1.0. The vector similarity does not
# separate them (an unanswerable question reached 0.58), so it is not used here.
MIN_COVERAGE = 0.4


class Answerer:
    """Holds the searcher (model and index loaded once) and turns questions into answers."""

    def __init__(self, settings: Settings | None = None, searcher: Searcher | None = None) -> None:
        self.settings = settings or settings_module.load()
        self.searcher = searcher or Searcher(self.settings)

    # -- public API -------------------------------------------------------------------
    def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        """Answer one question (thread-safe; picks up a new index generation by itself).
        With a `conversation`, the question may refer back to earlier turns."""
        started = time.perf_counter()
        question = " ".join(clean_question(question).split())
        if not question:
            return Answer(question, prompts.text("answer.empty_question"), True)
        gen = self.searcher.generation  # one generation for the whole answer
        answer = self._contact_answer(question, gen) or self._passage_answer(question, gen)
        answer.generation = gen.name
        if conversation is not None:
            conversation.add(Turn(question, answer.resolved_question or question, not answer.abstained))
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def lookup_contacts(self, query: str, limit: int = 5) -> list[ContactCard]:
        """Contact cards for a name, region, role or e-mail fragment, best first."""
        return [_card(p) for p in search_people(self.searcher.contacts(), query, limit)]

    def documents(self) -> list[dict]:
        """The indexed documents with title, pages, passages and ingest time."""
        db = self.searcher.generation.db
        return list(db.query("select name, title, pages, passages, ingested_at from documents order by name"))

    def status(self) -> dict:
        """Index size, model and time of the last ingest."""
        gen = self.searcher.generation
        return {
            "documents": gen.db["documents"].count,
            "passages": gen.size,
            "contacts": len(gen.contacts),
            "vectors": gen.vectors.ntotal,
            "model": gen.meta.get("model", ""),
            "last_ingest": gen.meta.get("created_at", ""),
            "generation": gen.path.name,
        }

    # -- contacts ---------------------------------------------------------------------
    def _contact_answer(self, question: str, gen: Generation) -> Answer | None:
        contacts = gen.contacts
        if not (is_contact_question(question) or mentions_known_name(question, contacts)):
            return None
        people = search_people(contacts, question, limit=5)
        if not people:
            return None
        cards = [_card(p) for p in people]
        citations = self._contact_citations(question, people, gen)
        lines = [prompts.text("answer.contacts_intro" if len(cards) == 1 else "answer.contacts_choose")]
        for card in cards:
            n = next((c.n for c in citations if c.document == card.document and card.email in c.text), None)
            line = prompts.text("answer.contact_line", name=card.name, role=card.role or "–", organisation=card.organisation or "–", email=card.email)
            lines.append(f"• {line}" + (prompts.text("answer.contact_guessed") if card.name_guessed else "") + (f" [{n}]" if n else ""))
        return Answer(question, "\n".join(lines), False, citations, cards)

    def _contact_citations(self, question: str, people: list[Person], gen: Generation) -> list[Citation]:
        """The passages that name each person first, then the best passages for the question."""
        db = gen.db
        ids: list[int] = []
        for person in people:
            source = person.sources[0]
            row = db.execute(
                "select id from passages where document = ? and instr(lower(text), ?) > 0 order by ordinal limit 1",
                [source.document, person.email.lower()],
            ).fetchone()
            if row and row[0] not in ids:
                ids.append(row[0])
        for hit in self.searcher.search(question, TOP_K, gen=gen):
            if hit.passage_id not in ids:
                ids.append(hit.passage_id)
        return _citations(gen.passages(ids[:TOP_K]))

    # -- passages ---------------------------------------------------------------------
    def _passage_answer(self, question: str, gen: Generation) -> Answer:
        hits = self.searcher.search(question, TOP_K, gen=gen)
        rows = gen.passages([h.passage_id for h in hits])
        citations = _citations(rows)
        if not hits:
            return Answer(question, prompts.text("answer.abstain"), True)
        coverage = self.searcher.coverage(question, hits[0].passage_id, gen)
        if coverage < MIN_COVERAGE:
            return Answer(question, prompts.text("answer.abstain"), True, related=citations[:3])
        sentences = self._best_sentences(question, citations[:3], gen)
        lines = [prompts.text("answer.intro")] + [f"• {text.lstrip('• ')} [{n}]" for n, text in sentences]
        return Answer(question, "\n".join(lines), False, citations)

    def _best_sentences(self, question: str, citations: list[Citation], gen: Generation) -> list[tuple[int, str]]:
        """The sentences of the top passages that cover the question best, in reading order.
        A chosen lead-in that ends with a colon brings its list items along."""
        sentences = {c.n: split_sentences(c.text) for c in citations}
        scored: list[tuple[float, int, int]] = []
        for citation in citations:
            for position, sentence in enumerate(sentences[citation.n]):
                if len(sentence.split()) < 3 or sentence == citation.heading:
                    continue  # a bare heading is not an answer
                score = gen.overlap(question, set(stems(sentence)), set(char_grams(sentence)))
                scored.append((score / citation.n**0.5, citation.n, position))
        if not scored:
            return [(citations[0].n, citations[0].text)] if citations else []
        best = max(s[0] for s in scored)
        chosen = {(n, pos) for _, n, pos in sorted((s for s in scored if s[0] >= 0.5 * best), key=lambda s: -s[0])[:ANSWER_SENTENCES]}
        for n, pos in list(chosen):
            if sentences[n][pos].rstrip().endswith(":"):
                following = sentences[n][pos + 1 : pos + 1 + LIST_ITEMS]
                chosen.update((n, pos + 1 + i) for i, item in enumerate(following) if item.startswith("•"))
        return [(n, sentences[n][pos]) for n, pos in sorted(chosen)]


def _citations(rows: list[dict]) -> list[Citation]:
    return [
        Citation(n=i, document=r["document"], title=r["title"], page=r["page"], text=r["text"], heading=r["heading"],
                 passage_id=r["id"], raw_text=r.get("raw_text") or "")
        for i, r in enumerate(rows, start=1)
    ]


def _card(person: Person) -> ContactCard:
    source = person.sources[0]
    return ContactCard(
        name=person.name or person.email,  # a function mailbox has no person's name
        email=person.email,
        organisation=person.organisation or source.organisation,
        role="; ".join(dict.fromkeys(r for r in person.roles if r)) or source.role,
        document=source.document,
        page=source.page,
        quote=source.quote,
        name_guessed=person.name_guessed,
    )
