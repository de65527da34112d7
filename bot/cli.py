"""`samverkan`: the command line — ingest, ask, chat, eval, contacts, bot, feedback,
dokument (archive history and restore), backup and restore.

Heavy imports (torch, sentence-transformers, FAISS) happen inside the commands
that need them, so `samverkan --help` and errors are instant.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import NoReturn

import click

import prompts
import settings as settings_module
from bot import cli_admin
from bot.cli_errors import SamverkanGroup


def _answerer():
    from answer.answerer import Answerer

    return Answerer(settings_module.load())


def _dev_tools() -> None:
    """`bench` and `eval` live in the checkout's `tools/` (not installed): put the checkout on
    the path, or say plainly that they need one."""
    root = settings_module.PROJECT_ROOT
    if not (root / "tools" / "__init__.py").is_file():
        _fail(prompts.text("cli.tools_need_checkout"))
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def _run_ingest(paths: list[Path] | None, quiet: bool = False, full: bool = False):
    """Ingest with a progress bar; print the summary and every unreadable file."""
    from tqdm import tqdm

    from index.corpus import Corpus

    config = settings_module.load()
    bar = tqdm(total=0, unit="fil", desc=prompts.text("ingest.progress"), disable=quiet, file=sys.stderr)

    def progress(name: str, done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(name[:40])
        bar.refresh()

    report = Corpus(config).ingest(paths, progress=progress, full=full)
    bar.close()
    cli_admin.print_report(report, quiet)
    return report


@click.group(cls=SamverkanGroup)
def main() -> None:
    """Samverkansassistenten: frågor och kontakter ur samverkansdokument."""
    _tolerant_stdin()


def _tolerant_stdin() -> None:
    """A stray non-UTF-8 byte on stdin becomes U+FFFD instead of ending the chat or the batch."""
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):  # a stream already read from, or closed
            pass


@main.command()
@click.argument("sources", nargs=-1)
@click.option("--full", is_flag=True, help="Tolka om alla dokument, även oförändrade.")
def ingest(sources: tuple[str, ...], full: bool) -> None:
    """Läs in dokument (standard: korpuskatalogen och webbadresserna i sources.txt) och bygg indexet.

    En webbadress (https://…) läggs till i korpusens sources.txt och hämtas vid varje inläsning."""
    from index.corpus import Corpus

    config = settings_module.load()
    urls, paths = Corpus.split_sources(sources)
    for url in Corpus(config).add_web_sources(urls):
        click.echo(prompts.text("ingest.url_added", url=url, sources=config.sources_file), err=True)
    settings_module.lower_priority()  # a batch job: questions asked meanwhile are served first
    report = _run_ingest(paths or None, full=full)
    if report.documents == 0:
        _fail(prompts.text("ingest.no_documents", path=", ".join(sources) or config.corpus_dir))


@main.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True,
              help="Skriv svaret som JSON (utan fråga: en fråga per rad från stdin).")
def ask(question: str | None, as_json: bool) -> None:
    """Ställ en fråga till dokumenten.

    Med --json och utan fråga läses en fråga per rad från stdin: vanlig text är en fristående
    fråga; ett JSON-objekt {"question": "...", "conversation": "ID"} hör till samtalet ID, och
    rader med samma ID ställs i ordning som följdfrågor."""
    from answer.conversation import Conversation
    from bot.terminal import render

    answerer = _answerer()  # no index, another model: the group prints the message
    if question is None:
        if not as_json:
            _fail("Ange en fråga, eller använd --json och skicka frågor på stdin.")
        conversations: dict[str, Conversation] = {}
        for line in sys.stdin:
            text, conversation_id = _batch_line(line)
            if not text:
                continue
            conversation = None
            if conversation_id is not None:
                conversation = conversations.setdefault(conversation_id, Conversation())
                if len(conversations) > MAX_BATCH_CONVERSATIONS:
                    conversations.pop(next(iter(conversations)))
            payload = answerer.ask(text, conversation).to_json()
            if conversation_id is not None:
                payload["conversation"] = conversation_id
            click.echo(json.dumps(payload, ensure_ascii=False))
        return
    answer = answerer.ask(question)
    click.echo(json.dumps(answer.to_json(), ensure_ascii=False) if as_json else render(answer))


MAX_BATCH_CONVERSATIONS = 1000  # conversations held at once in a batch: state stays bounded


def _batch_line(line: str) -> tuple[str, str | None]:
    """A batch line: plain text (an independent question) or a JSON object with
    "question" and optionally "conversation"."""
    line = line.strip()
    if line.startswith("{"):
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            return line, None
        if isinstance(item, dict):
            conversation = item.get("conversation")
            return str(item.get("question") or "").strip(), (str(conversation) if conversation is not None else None)
    return line, None


@main.command()
def chat() -> None:
    """Chatta med dokumenten i terminalen (läser in korpusen först om inget index finns)."""
    from bot.terminal import chat as run_chat
    from index.corpus import Corpus

    config = settings_module.load()
    if not Corpus(config).has_index():
        click.echo(prompts.text("chat.building"))
        _run_ingest(None)
    run_chat(_answerer(), str(config.corpus_dir), config.data_dir)


@main.command("eval")
@click.argument("qa_files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mode", type=click.Choice(["answer", "hybrid", "keyword", "vector", "all"]), default="all",
              show_default=True,
              help="answer = hela svararen; övriga = bara sökningen.")
@click.option("--split", default="", help="Bara frågor med detta värde i fältet \"split\" (t.ex. holdout).")
def eval_command(qa_files: tuple[Path, ...], mode: str, split: str) -> None:
    """Mät recall@1/3/5, kontakter, avstående, småprat, följdfrågor och svarstid på frågefiler (JSONL).
    Utan fil: utvecklingsfilerna (eval/dev_qa.jsonl och eval/dev_more.jsonl där de finns)."""
    _dev_tools()
    from tools.evaluation import evaluate, load_questions

    files = list(qa_files) or _default_eval_files()
    if not files:
        _fail("Ange en frågefil (JSONL).")
    answerer = _answerer()
    questions = [q for q in load_questions(*files) if not split or q.get("split") == split]
    answerer.ask("uppvärmning")  # the first query loads the model; latency is measured warm
    modes = ["keyword", "vector", "hybrid", "answer"] if mode == "all" else [mode]
    results = [evaluate(answerer, questions, m) for m in modes]
    for result in results:
        click.echo(f"== {result.mode}")
        for line in result.lines():
            click.echo(line)
    for result in results[:-1]:
        click.echo(result.summary())
    click.echo(results[-1].summary())


def _default_eval_files() -> list[Path]:
    root = Path(__file__).resolve().parent.parent
    candidates = [root / "eval" / "dev_qa.jsonl", root / "eval" / "dev_more.jsonl",
                  root.parent / "shared" / "eval" / "dev_more.jsonl"]
    found = [p for p in candidates if p.exists()]
    return [p for i, p in enumerate(found) if p.name not in {q.name for q in found[:i]}]


@main.command()
@click.argument("query", required=False)
@click.option("--json", "as_json", is_flag=True, help="Skriv kontakterna som JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Exportera kontakterna som CSV.")
def contacts(query: str | None, as_json: bool, as_csv: bool) -> None:
    """Lista eller sök i kontaktregistret."""
    answerer = _answerer()
    cards = [c.to_json() for c in (answerer.lookup_contacts(query, limit=20) if query else answerer.contacts())]
    if as_json:
        click.echo(json.dumps(cards, ensure_ascii=False, indent=2))
    elif as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["namn", "e-post", "organisation", "roll", "dokument", "sida"])
        for c in cards:
            writer.writerow([c["name"], c["email"], c["organisation"], c["role"], *c["source"].values()])
    elif not cards:
        click.echo(prompts.text("answer.contact_not_found", query=query or ""))
    else:
        for c in cards:
            click.echo(f"{c['name']:<24} {c['email']:<38} {c['organisation']:<30} {c['role']}")


@main.command()
def bot() -> None:
    """Starta Telegram-boten (long polling; kräver TELEGRAM_BOT_TOKEN)."""
    from bot.telegram import run

    run(settings_module.load())


@main.command()
@click.option("--quick", is_flag=True, help="Bara exempelkorpusen och 10k passager (cirka en minut).")
@click.option("--sizes", default="", help="Syntetiska storlekar, t.ex. 10000,100000,1000000.")
@click.option("--json", "as_json", is_flag=True, help="Samma siffror som ett JSON-objekt.")
@click.option("--soak", is_flag=True, help="Samtidiga frågor medan korpusen läses in om.")
def bench(quick: bool, sizes: str, as_json: bool, soak: bool) -> None:
    """Mät inläsning, svarstid, minne och skalning mot enkla alternativ."""
    _dev_tools()
    from tools.bench import run_bench

    chosen = [int(s) for s in sizes.replace(" ", "").split(",") if s] or None
    run_bench(settings_module.load(), quick=quick, sizes=chosen, as_json=as_json, soak=soak)


@main.command()
@click.option("--limit", default=20, show_default=True)
def feedback(limit: int) -> None:
    """Frågor som fått 👎 eller där assistenten avstod oftast."""
    from answer.feedback import feedback_report

    rows = feedback_report(settings_module.load(), limit=limit)
    if not rows:
        click.echo("Ingen återkoppling ännu.")
    for row in rows:
        click.echo("  ".join(f"{k}={v}" for k, v in row.items()))


for _command in cli_admin.COMMANDS:  # dokument, backup, restore: the corpus service's admin commands
    main.add_command(_command)


if __name__ == "__main__":
    main()
