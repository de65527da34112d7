"""`samverkan contacts`: the whole directory and a search give the same card JSON (built in one place)."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from bot.cli import main

CARD_KEYS = {"name", "email", "organisation", "role", "body", "region", "phone", "source"}


def test_contacts_list_search_and_csv_share_one_card_shape(cli_env) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["contacts", "--json"], env=cli_env)
    assert listed.exit_code == 0, listed.output
    cards = json.loads(listed.stdout)
    assert cards and all(set(c) == CARD_KEYS and set(c["source"]) == {"document", "page"} for c in cards)
    assert [c["name"] for c in cards] == sorted(c["name"] for c in cards)
    found = runner.invoke(main, ["contacts", "--json", cards[0]["email"]], env=cli_env)
    assert json.loads(found.stdout)[0] == cards[0]
    table = runner.invoke(main, ["contacts", "--csv"], env=cli_env)
    rows = list(csv.reader(io.StringIO(table.stdout)))
    assert rows[0] == ["namn", "e-post", "organisation", "roll", "dokument", "sida"]
    assert rows[1][:2] == [cards[0]["name"], cards[0]["email"]] and len(rows) == len(cards) + 1
