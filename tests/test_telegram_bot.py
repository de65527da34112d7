"""End to end: the real bot, Answerer and ingest against the fake Telegram server on 127.0.0.1.

One Answerer (model loaded once) over a copy of the corpus in a temporary
directory is shared by the module (its index reuses the session's embedding
cache from conftest.py, so nothing is embedded twice); the verksamhetsplan PDF is left out of the
copy so the upload test can show an admin adding it and staff then asking
about it. Each test starts its own fake server and Application (cheap).
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, seeded_data_dir
from fake_telegram import Call, FakeTelegram, running_bot
from telegram_stubs import ADMIN, STAFF, bot_message, buttons

import settings as settings_module
from answer import feedback
from answer.answerer import Answerer
from bot.telegram.app import build_application
from index.archive import Archive
from index.build import ingest_corpus

PLAN = "sodra-sjukvardsregionen-verksamhetsplan.pdf"
SLOW = 180.0  # seconds to wait for a re-ingest (the model embeds new passages)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, config: settings_module.Settings,
        built_index: Any) -> tuple[settings_module.Settings, Answerer]:
    """Own corpus copy (without the plan) and index, seeded with the session's embedding cache."""
    root = tmp_path_factory.mktemp("telegram")
    shutil.copytree(ROOT / "corpus", root / "corpus", ignore=shutil.ignore_patterns(PLAN, "README.md"))
    cfg = dataclasses.replace(config, data_dir=seeded_data_dir(config, root / "data"), corpus_dir=root / "corpus",
                              admin_ids=frozenset({ADMIN}), allowed_chats=frozenset(), rate_limit_per_minute=1000,
                              log_questions=False, telegram_token="", telegram_api_url="")
    report = ingest_corpus(cfg)
    assert not report.errors
    return cfg, Answerer(cfg)


def bot(env: tuple[settings_module.Settings, Answerer]):
    """The real Application (real answerer, real ingest) polling a fresh fake server."""
    cfg, answerer = env

    def build(token: str, url: str):
        return build_application(dataclasses.replace(cfg, telegram_token=token, telegram_api_url=url), answerer)

    return running_bot(build)


async def ask(fake: FakeTelegram, text: str, user_id: int = STAFF) -> Call:
    """Send a question and return the bot's last answer message (the one with the buttons)."""
    mark = fake.mark()
    fake.message(text, user_id=user_id)
    return await fake.wait_for(after=mark, where=lambda c: "reply_markup" in c.params, timeout=60)


async def upload(fake: FakeTelegram, content: bytes, name: str, mime: str, user_id: int = ADMIN) -> int:
    mark = fake.mark()
    fake.document(content, name, mime, user_id=user_id)
    return mark


def test_question_cited_source_button_and_vote(env: Any) -> None:
    cfg, _ = env

    async def scenario() -> None:
        async with bot(env) as (fake, _):
            mark = fake.mark()
            reply = await ask(fake, "Vad gör Brysselkontoret?")
            assert fake.sent("sendChatAction", after=mark)[0].params["action"] == "typing"
            text = reply.params["text"]
            assert "Brysselkontoret" in text and "<b>[1]</b>" in text
            assert "<b>Källor</b>" in text and "Hälsoplattform, s. 1" in text  # cited source: title and page
            labels = [label for label, _ in buttons(reply)]
            assert labels[0] == "Visa källa 1" and labels[-2:] == ["👍", "👎"]

            mark = fake.mark()
            fake.press(bot_message(fake, reply), buttons(reply)[0][1], user_id=STAFF)
            source = await fake.wait_text("<b>Källa 1</b>", after=mark)
            assert "<i>sbhss-halsoplattform.txt</i>, sida 1" in source.params["text"]
            assert "<blockquote>" in source.params["text"] and "Brysselkontoret" in source.params["text"]

            mark = fake.mark()
            fake.press(bot_message(fake, reply), buttons(reply)[-1][1], user_id=STAFF)
            await fake.wait_for("answerCallbackQuery", after=mark, where=lambda c: "Tack" in c.params.get("text", ""))
            assert not fake.errors()

    asyncio.run(scenario())
    row = next(r for r in feedback.feedback_report(cfg) if r["question"] == "Vad gör Brysselkontoret?")
    assert row["thumbs_down"] == 1 and "sbhss-halsoplattform.txt" in row["documents"]


def test_unanswerable_question_gets_plain_abstention(env: Any) -> None:
    cfg, _ = env

    async def scenario() -> None:
        async with bot(env) as (fake, _):
            reply = await ask(fake, "Hur bakar man surdegsbröd?")
            assert "Det här kan jag inte besvara utifrån dokumenten." in reply.params["text"]  # after what is missing
            assert [label for label, _ in buttons(reply)] == ["👍", "👎"]
            assert not fake.errors()

    asyncio.run(scenario())
    row = next(r for r in feedback.feedback_report(cfg) if r["question"] == "Hur bakar man surdegsbröd?")
    assert row["abstained"] == 1


def test_contact_lookup_command_and_question(env: Any) -> None:
    async def scenario() -> None:
        async with bot(env) as (fake, _):
            mark = fake.mark()
            fake.message("/kontakt Halland", user_id=STAFF)
            cards = await fake.wait_for(after=mark)
            text = cards.params["text"]
            assert "<b>Stefan Lönn</b>" in text and "stefan.lonn@regionhalland.se" in text
            assert "ann-sofi.isaksson@regionhalland.se" in text and "Källa: sbhss-halsoplattform.txt, s. 1" in text

            mark = fake.mark()
            fake.message("/kontakt", user_id=STAFF)
            await fake.wait_text("/kontakt Halland", after=mark)

            reply = await ask(fake, "Vem är kontaktperson för Halland?")
            assert "stefan.lonn@regionhalland.se" in reply.params["text"]
            assert not fake.errors()

    asyncio.run(scenario())


def test_group_answers_only_when_mentioned(env: Any) -> None:
    async def scenario() -> None:
        async with bot(env) as (fake, _):
            fake.message("Vad gör Brysselkontoret?", user_id=STAFF, chat_id=-500, chat_type="group")
            mark = fake.mark()
            fake.message("@samverkan_test_bot Vad gör Brysselkontoret?", user_id=STAFF, chat_id=-500,
                         chat_type="group")
            await fake.wait_for(after=mark, where=lambda c: "reply_markup" in c.params)
            await asyncio.sleep(0.5)
            assert len(fake.sent()) == 1

    asyncio.run(scenario())


def test_help_and_admin_status(env: Any) -> None:
    async def scenario() -> None:
        async with bot(env) as (fake, _):
            fake.message("/start", user_id=STAFF)
            start = await fake.wait_text("Samverkan-assistenten")
            assert "Samarbete för bättre vård" in start.params["text"] and "senast uppdaterat 20" in start.params["text"]
            assert "Administratör" not in start.params["text"]
            mark = fake.mark()
            fake.message("/status", user_id=ADMIN)
            status = await fake.wait_text("<b>Status</b>", after=mark)
            assert "Modell: <code>bundled:all-MiniLM-L6-v2" in status.params["text"]  # with backend and precision
            mark = fake.mark()
            fake.message("/dokument", user_id=ADMIN)
            listing = await fake.wait_text("Dokument i korpusen", after=mark)
            assert "sbhss-halsoplattform.txt" in listing.params["text"]

    asyncio.run(scenario())


def test_admin_uploads_verksamhetsplan_then_staff_asks(env: Any) -> None:
    cfg, _ = env
    question = "Vilka prioriterade områden har Regionala vårdkompetensrådet Södra?"

    async def scenario() -> None:
        async with bot(env) as (fake, _):
            before = await ask(fake, question)
            assert PLAN not in before.params["text"]

            mark = await upload(fake, (ROOT / "corpus" / PLAN).read_bytes(), PLAN, "application/pdf")
            summary = await fake.wait_text("Inläsning klar", after=mark, timeout=SLOW)
            edits = [c.params["text"] for c in fake.sent("editMessageText", after=mark)]
            assert any("går att läsa" in e for e in edits) and any("Läser in dokument" in e for e in edits)
            assert f"<b>{PLAN}</b>" in summary.params["text"] and "Sidor: 9" in summary.params["text"]
            assert "Passager tillagda: " in summary.params["text"]

            after = await ask(fake, question)
            assert "Verksamhetsplan, s. " in after.params["text"]
            n = next(label for label, _ in buttons(after))
            mark = fake.mark()
            fake.press(bot_message(fake, after), buttons(after)[0][1], user_id=STAFF)
            source = await fake.wait_text(f"<b>{n.replace('Visa källa', 'Källa')}</b>", after=mark)
            assert "sida" in source.params["text"] and "<blockquote>" in source.params["text"]
            assert not fake.errors()

    asyncio.run(scenario())
    assert (cfg.corpus_dir / PLAN).read_bytes() == (ROOT / "corpus" / PLAN).read_bytes()


def test_non_admin_upload_is_refused(env: Any) -> None:
    cfg, answerer = env
    before = answerer.status()

    async def scenario() -> None:
        async with bot(env) as (fake, _):
            mark = await upload(fake, b"Hemligt dokument om samverkan.", "intrang.txt", "text/plain", user_id=STAFF)
            refusal = await fake.wait_for(after=mark)
            assert "bara administratörer" in refusal.params["text"]
            await asyncio.sleep(0.3)
            assert not fake.sent("getFile") and not fake.downloads

    asyncio.run(scenario())
    assert not (cfg.corpus_dir / "intrang.txt").exists()
    assert answerer.status()["generation"] == before["generation"]


def test_corrupt_pdf_is_reported_and_index_untouched(env: Any) -> None:
    cfg, answerer = env
    before = answerer.status()
    existing = "blekinge-samverkanskarta-2022.pdf"
    original = (cfg.corpus_dir / existing).read_bytes()
    broken = original[:4000]  # a truncated PDF: header present, body and xref missing

    async def scenario() -> None:
        async with bot(env) as (fake, _):
            for name in ("trasig.pdf", existing):
                mark = await upload(fake, broken, name, "application/pdf")
                error = await fake.wait_text("kunde inte läsas", after=mark, method="editMessageText", timeout=60)
                assert f"<b>{name}</b>" in error.params["text"] and "Indexet är oförändrat" in error.params["text"]
            reply = await ask(fake, "Vad gör Brysselkontoret?")
            assert "Brysselkontoret" in reply.params["text"]
            assert not fake.errors()

    asyncio.run(scenario())
    assert not (cfg.corpus_dir / "trasig.pdf").exists()
    assert (cfg.corpus_dir / existing).read_bytes() == original
    assert answerer.status()["generation"] == before["generation"]


def test_html_special_characters_in_passages_are_escaped(env: Any) -> None:
    text = ("Tolkstöd för barn & unga\n\n"
            "Barn & unga under 18 år (ålder < 18) har rätt till tolkstöd vid varje vårdbesök i regionen. "
            "Tolkstödet bokas av vårdenheten & betalas av regionen.\n")

    async def scenario() -> None:
        async with bot(env) as (fake, _):
            mark = await upload(fake, text.encode(), "tolkstod.txt", "text/plain")
            await fake.wait_text("Inläsning klar", after=mark, timeout=SLOW)
            reply = await ask(fake, "Har barn under 18 år rätt till tolkstöd vid vårdbesök?")
            assert "Tolkstöd för barn &amp; unga, s. 1" in reply.params["text"]
            assert "&amp;" in reply.params["text"] or "&lt;" in reply.params["text"]
            label, data = next((lb, d) for lb, d in buttons(reply) if d.startswith("src:"))
            mark = fake.mark()
            fake.press(bot_message(fake, reply), data, user_id=STAFF)
            source = await fake.wait_text("<blockquote>", after=mark)
            assert "(ålder &lt; 18)" in source.params["text"] and "vårdenheten &amp; betalas" in source.params["text"]
            assert not fake.errors()  # the fake rejects malformed HTML like Telegram does

    asyncio.run(scenario())


def test_remove_document_with_confirmation(env: Any) -> None:
    cfg, answerer = env
    name = "sydostra-sjukvardsregionen-fokusomraden.txt"

    async def scenario() -> None:
        async with bot(env) as (fake, _):
            fake.message("/ta_bort sydostra", user_id=ADMIN)
            confirm = await fake.wait_text(f"Ta bort <b>{name}</b>")
            mark = fake.mark()
            fake.press(bot_message(fake, confirm), buttons(confirm)[1][1], user_id=ADMIN)  # Avbryt
            await fake.wait_text("avbröts", after=mark, method="editMessageText")
            assert (cfg.corpus_dir / name).exists()

            fake.message("/ta_bort sydostra", user_id=ADMIN)
            confirm = await fake.wait_text(f"Ta bort <b>{name}</b>", after=mark)
            mark = fake.mark()
            fake.press(bot_message(fake, confirm), buttons(confirm)[0][1], user_id=ADMIN)
            done = await fake.wait_text("Indexet är uppdaterat", after=mark, timeout=SLOW)
            assert "Passager borttagna: " in done.params["text"]

    asyncio.run(scenario())
    assert not (cfg.corpus_dir / name).exists()
    versions = Archive(cfg.data_dir).history(name)  # the removed bytes stay in the archive
    assert versions[-1].status == "borttagen" and versions[-1].removed_by == f"telegram:{ADMIN}"
    assert Archive(cfg.data_dir).read_blob(versions[-1].sha256) == (ROOT / "corpus" / name).read_bytes()
    assert name not in [d["name"] for d in answerer.documents()]


def _cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMVERKAN_", "TELEGRAM_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


CLI = [sys.executable, "-c", "import sys; from bot.cli import main; sys.argv[0] = 'samverkan'; main()"]


def test_samverkan_bot_command_polls_self_hosted_api(env: Any, tmp_path: Path) -> None:
    """`samverkan bot` with SAMVERKAN_TELEGRAM_API_URL talks only to that server, and stops on Ctrl-C."""
    cfg, _ = env

    async def scenario() -> None:
        async with FakeTelegram() as fake:
            process = await asyncio.create_subprocess_exec(
                *CLI, "bot", cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
                env=_cli_env(TELEGRAM_BOT_TOKEN=fake.token, SAMVERKAN_TELEGRAM_API_URL=fake.url + "/",
                             SAMVERKAN_DATA_DIR=str(cfg.data_dir), SAMVERKAN_CORPUS_DIR=str(cfg.corpus_dir),
                             SAMVERKAN_ADMIN_IDS=str(ADMIN)))
            try:
                await fake.wait_for("setMyCommands", timeout=60)
                fake.message("/hjalp", user_id=STAFF)
                help_text = await fake.wait_text("Samverkan-assistenten", timeout=30)
                assert "sbhss-halsoplattform.txt" in help_text.params["text"]
                process.send_signal(signal.SIGINT)
                output = (await asyncio.wait_for(process.communicate(), 30))[0].decode()
            finally:
                if process.returncode is None:
                    process.kill()
            assert process.returncode == 0, output
            assert fake.token not in output  # httpx request lines (which carry the token) are silenced

    asyncio.run(scenario())


def test_samverkan_bot_without_token_explains(tmp_path: Path) -> None:
    result = subprocess.run([*CLI, "bot"], cwd=tmp_path, env=_cli_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "samverkan chat" in result.stderr
