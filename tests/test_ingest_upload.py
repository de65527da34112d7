"""The Telegram upload accepts every type in the reader registry (here a CSV contact list) and
refuses others with the registry's list of readable types."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from test_telegram_bot import ADMIN, SLOW, bot, env, upload  # noqa: F401 (env is a fixture)

from ingest import supported_label

pytestmark = pytest.mark.slow

CSV = "Namn;Befattning;E-post;Region\nHanna Ek;Samordnare för vårdhygien;hanna.ek@regionhalland.se;Region Halland\n"


def test_upload_of_contact_csv_and_refusal_of_old_word(env: Any) -> None:  # noqa: F811
    cfg, answerer = env

    async def scenario() -> None:
        async with bot(env) as (fake, _):
            mark = await upload(fake, CSV.encode("utf-8"), "kontakter-halland.csv", "text/csv", user_id=ADMIN)
            summary = await fake.wait_text("Inläsning klar", after=mark, timeout=SLOW)
            assert "<b>kontakter-halland.csv</b>" in summary.params["text"]

            mark = await upload(fake, b"\xd0\xcf\x11\xe0 gammal Word-fil", "protokoll.doc", "application/msword", user_id=ADMIN)
            refusal = await fake.wait_for(after=mark)
            assert "Filtypen stöds inte" in refusal.params["text"] and supported_label() in refusal.params["text"]
            assert not fake.errors()

    asyncio.run(scenario())
    assert (cfg.corpus_dir / "kontakter-halland.csv").exists() and not (cfg.corpus_dir / "protokoll.doc").exists()
    card = answerer.lookup_contacts("Hanna Ek")[0]
    assert (card.email, card.document, card.page) == ("hanna.ek@regionhalland.se", "kontakter-halland.csv", 1)
