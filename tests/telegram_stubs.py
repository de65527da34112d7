"""Stubs for bot tests: a canned answerer, a corpus service over a plain directory, and the
helpers that start the real Application against the fake Telegram server with them."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fake_telegram import Call, FakeTelegram, running_bot

import settings as settings_module
from answer.conversation import Conversation, Turn
from answer.types import Answer, Citation, ContactCard
from bot.telegram.app import build_application
from errors import SamverkanError

ADMIN, STAFF = 42, 7


class StubAnswerer:
    """Canned answers keyed on words in the question. A question starting with "och" is a
    follow-up: it is resolved against the conversation's last turn, as the real answerer does."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.generation = "gen-1"

    def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        self.asked.append(question)
        answer = self._answer(question)
        if conversation is not None:
            if question.startswith("och") and conversation.turns:
                answer.resolved_question = f"{conversation.turns[-1].resolved} / {question}"
            conversation.add(Turn(question, answer.resolved_question or question, not answer.abstained))
        answer.generation = self.generation
        return answer

    def _answer(self, question: str) -> Answer:
        if "okänt" in question:
            return Answer(question, "Det hittar jag inte i dokumenten.", True,
                          related=[Citation(1, "a.txt", "A", "1", "x")])
        if "lång" in question:
            text = " ".join(f"Mening {i} om samverkan & <vård> [1]." for i in range(700))
            return Answer(question, text, False, [Citation(1, "a.txt", "A", "1", "kort")])
        if "krasch" in question:
            raise RuntimeError("boom")
        if "reparerad" in question:
            return Answer(question, "Södra sjukvårdsregionen är stor. [1]", False, [
                Citation(1, "plan.pdf", "Plan", "2", "Södra sjukvårdsregionen är stor.",
                         raw_text="S6dra sjukvardsregionen &r stor.")])
        if "vilken" in question:
            return Answer(question, "Flera passar – välj en.", False, choices=["Region Kronoberg", "Region Blekinge"])
        return Answer(question, "Brysselkontoret bevakar EU-frågor [1] & <mer> [2].", False, [
            Citation(1, "a.txt", "Titel A", "1", "Text med < och & tecken", heading="Om <EU>"),
            Citation(2, "b.pdf", "Titel B", "3–4", "Andra källan"),
        ], latency_ms=12.0)

    def lookup_contacts(self, query: str, limit: int = 5) -> list[ContactCard]:
        if "halland" in query.casefold():
            return [ContactCard("Anna Andersson", "anna@regionhalland.se", "Region Halland", "samordnare",
                                "samarbete-for-battre-vard.txt", 1)]
        return []

    def documents(self) -> list[dict]:
        return [{"name": "a.txt", "title": "Titel A", "pages": 1, "passages": 3,
                 "ingested_at": "2025-01-02T10:00:00+00:00"}]

    def status(self) -> dict:
        return {"documents": 1, "passages": 3, "contacts": 1, "model": "stub", "last_ingest": "2025-01-02T10:00:00",
                "generation": self.generation}


class StubCorpus:
    """The corpus service's interface over a plain directory: records changes, fails when told to."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self.fail = False
        self.changes: list[tuple[str, str, str]] = []  # (what, name, uploader)

    def check_name(self, name: str, mime_type: str | None = None) -> str:
        if not name.endswith((".txt", ".pdf")):
            raise SamverkanError(f"Filtypen stöds inte: {name}")
        return name

    def validate(self, name: str, data: bytes) -> None:
        if name.endswith(".pdf") and not data.startswith(b"%PDF"):
            raise SamverkanError(f"{name}: filen är inte en läsbar PDF")

    def files(self) -> list[Path]:
        return sorted(self.corpus_dir.iterdir())

    def _change(self, what: str, name: str, uploader: str, progress: Any) -> Any:
        self.changes.append((what, name, uploader))
        for i, path in enumerate(self.files()):
            if progress:
                progress(path.name, i, len(self.files()))
        if self.fail:
            raise SamverkanError("Inläsningen avbröts: disken är full. Filen är återställd.")
        report = SimpleNamespace(documents=1, pages=3, passages=10, contacts=1, seconds=0.1, added=[], changed=[],
                                 removed=[], skipped=[], errors=[], passages_added=4, passages_removed=1,
                                 contacts_changed=0)
        return SimpleNamespace(name=name, report=report)

    def add_or_replace(self, name: str, data: bytes, uploader: str, progress: Any = None) -> Any:
        result = self._change("add", name, uploader, progress)
        (self.corpus_dir / name).write_bytes(data)
        return result

    def remove(self, name: str, uploader: str, progress: Any = None) -> Any:
        (self.corpus_dir / name).unlink()
        return self._change("remove", name, uploader, progress)


@pytest.fixture
def cfg(tmp_path: Path) -> settings_module.Settings:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("A", encoding="utf-8")
    return dataclasses.replace(settings_module.load(), data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus",
                               admin_ids=frozenset({ADMIN}), allowed_chats=frozenset(), rate_limit_per_minute=100,
                               log_questions=False)


def bot(cfg: settings_module.Settings, answerer: Any = None, corpus: Any = None):
    """running_bot(...) for these settings and stubs."""
    def build(token: str, url: str):
        return build_application(dataclasses.replace(cfg, telegram_token=token, telegram_api_url=url),
                                 answerer or StubAnswerer(), corpus or StubCorpus(cfg.corpus_dir))
    return running_bot(build)


def buttons(call: Call) -> list[tuple[str, str]]:
    return [(b["text"], b.get("callback_data", "")) for row in call.params["reply_markup"]["inline_keyboard"]
            for b in row]


def bot_message(fake: FakeTelegram, call: Call) -> dict:
    return fake.messages[(call.params["chat_id"], call.result["message_id"])]
