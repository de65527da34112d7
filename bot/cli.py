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

    from index.build import ingest_corpus

    config = settings_module.load()
    bar = tqdm(total=0, unit="fil", desc=prompts.text("ingest.progress"), disable=quiet, file=sys.stderr)

    def progress(name: str, done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(name[:40])
        bar.refresh()

    report = ingest_corpus(config, paths, progress, full=full)
    bar.close()
    for error in report.errors:
        click.echo(prompts.text("ingest.error_line", error=error), err=True)
    for duplicate in report.duplicates:
        click.echo(prompts.text("ingest.duplicate_line", duplicate=duplicate), err=True)
    if not quiet:
        click.echo(
            prompts.text(
                "ingest.summary", documents=report.documents, pages=report.pages, passages=report.passages,
                contacts=report.contacts, seconds=report.seconds,
            )
        )
        click.echo(
            prompts.text(
                "ingest.changes", added=len(report.added), changed=len(report.changed),
                removed=len(report.removed), skipped=len(report.skipped),
            )
        )
        for name, (words, before, after) in sorted(report.repairs.items()):
            click.echo(prompts.text("ingest.repaired", name=name, words=words, before=_percent(before), after=_percent(after)))
    return report


def _percent(share: float) -> str:
    """A share the Swedish way: 0.281 → '28,1 %'."""
    return f"{share * 100:.1f} %".replace(".", ",")


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
    from ingest.web import add_sources, is_url

    config = settings_module.load()
    urls = [s for s in sources if is_url(s)]
    paths = [Path(s) for s in sources if not is_url(s)]
    for url in add_sources(config.sources_file, urls):
        click.echo(prompts.text("ingest.url_added", url=url, sources=config.sources_file), err=True)
    report = _run_ingest(paths or None, full=full)
    if report.documents == 0:
        _fail(prompts.text("ingest.no_documents", path=", ".join(sources) or config.corpus_dir))


@main.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="Skriv svaret som JSON (utan fråga: en fråga per rad från stdin).")
def ask(question: str | None, as_json: bool) -> None:
    """Ställ en fråga till dokumenten.

    Med --json och utan fråga läses en fråga per rad från stdin: vanlig text är en fristående
    fråga; ett JSON-objekt {"question": "...", "conversation": "ID"} hör till samtalet ID, och
    rader med samma ID ställs i ordning som följdfrågor."""
    from answer.conversation import Conversation
    from bot.terminal import render
    from index.search import IndexMissing, ModelMismatch

    try:
        answerer = _answerer()
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
    except (IndexMissing, ModelMismatch) as err:
        _fail(str(err))
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
    from index.store import Store

    config = settings_module.load()
    if Store(config.data_dir).current() is None:
        click.echo(prompts.text("chat.building"))
        _run_ingest(None)
    run_chat(_answerer(), str(config.corpus_dir), config.data_dir)


@main.command("eval")
@click.argument("qa_files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mode", type=click.Choice(["answer", "hybrid", "keyword", "vector", "all"]), default="all", show_default=True,
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
    from index.contact_search import merge_people

    answerer = _answerer()
    if query:
        cards = [c.to_json() for c in answerer.lookup_contacts(query, limit=20)]
    else:
        cards = [
            {"name": p.name, "email": p.email, "organisation": p.organisation, "role": "; ".join(dict.fromkeys(p.roles)),
             "source": {"document": p.sources[0].document, "page": p.sources[0].page}}
            for p in sorted(merge_people(answerer.searcher.contacts()), key=lambda p: p.name)
        ]
    if as_json:
        click.echo(json.dumps(cards, ensure_ascii=False, indent=2))
    elif as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["namn", "e-post", "organisation", "roll", "dokument", "sida"])
        for c in cards:
            writer.writerow([c["name"], c["email"], c["organisation"], c["role"], c["source"]["document"], c["source"]["page"]])
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


# ---- the document archive, backup and restore --------------------------------------------------


def _size(size: int) -> str:
    """Bytes for people, Swedish decimal comma: 812 B, 12,3 kB, 1,5 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} kB".replace(".", ",")
    return f"{size / 2**20:.1f} MB".replace(".", ",")


@main.group()
def dokument() -> None:
    """Dokumentarkivet: alla versioner av varje inläst dokument."""


@dokument.command()
@click.argument("name", required=False)
def historik(name: str | None) -> None:
    """Visa versionerna av ett dokument (utan namn: dokumenten i arkivet)."""
    from index.archive import Archive

    archive = Archive(settings_module.load().data_dir)
    if name is None:
        names = archive.names()
        if not names:
            _fail(prompts.text("archive.no_documents"))
        click.echo(prompts.text("archive.list_heading", count=len(names)))
        for doc in names:
            last = archive.history(doc)[-1]
            click.echo(prompts.text("archive.list_line", name=doc, version=last.version, status=last.status))
        return
    versions = archive.history(name)
    if not versions:
        _fail(prompts.text("archive.unknown_name", name=name))
    header = prompts.value("archive.history_header")
    rows = []
    for v in versions:
        status = v.status
        if v.removed_at:
            by = prompts.text("archive.history_removed_by", by=v.removed_by) if v.removed_by else ""
            status = prompts.text("archive.history_removed", removed_at=v.removed_at.replace("T", " ")[:16], by=by)
        if v.note:
            status += " " + prompts.text("archive.history_note", note=v.note)
        rows.append([str(v.version), v.uploaded_at.replace("T", " ")[:16], _size(v.size), v.sha256[:12],
                     v.uploader or "–", status])
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=False)]
    click.echo(prompts.text("archive.history_heading", name=name))
    for row in [header, *rows]:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip())


@dokument.command("aterstall")
@click.argument("name")
@click.argument("version", type=int)
def aterstall(name: str, version: int) -> None:
    """Lägg tillbaka en version av ett dokument i korpusen och läs in den."""
    from index.archive import Archive, ArchiveError, default_uploader

    config = settings_module.load()
    try:
        path = Archive(config.data_dir).restore(name, version, config.corpus_dir, by=default_uploader())
    except ArchiveError as err:
        _fail(str(err))
    click.echo(prompts.text("archive.restored", name=name, version=version, path=path))
    report = _run_ingest(None)
    if name in {*report.added, *report.changed, *report.skipped}:
        click.echo(prompts.text("archive.restored_done", name=name, version=version))
    else:
        _fail(prompts.text("archive.restored_not_indexed", name=name, version=version))


@main.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--skriv-over", "overwrite", is_flag=True, help="Ersätt FILE om den redan finns.")
def backup_command(file: Path, overwrite: bool) -> None:
    """Spara datakatalogen (index, dokumentarkiv, inbäddningar, återkoppling) i en .tar.gz-fil."""
    from index.backup import BackupError, create_backup

    config = settings_module.load()
    click.echo(prompts.text("backup.writing", data_dir=config.data_dir))
    try:
        summary = create_backup(config, file, overwrite=overwrite)
    except BackupError as err:
        _fail(str(err))
    click.echo(prompts.text("backup.written", path=file, files=summary.files, size=_size(summary.size),
                            generation=summary.generation, documents=summary.documents, versions=summary.versions))


@main.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Återställ datakatalogen från en säkerhetskopia (kontrolleras först; den gamla sparas)."""
    from index.backup import BackupError, restore_backup

    config = settings_module.load()
    try:
        summary = restore_backup(config, file, say=click.echo)
    except BackupError as err:
        _fail(str(err))
    for warning in summary.warnings:
        click.echo(warning, err=True)
    click.echo(prompts.text("backup.restored", path=file, generation=summary.generation, documents=summary.documents,
                            passages=summary.passages, versions=summary.versions))
    if summary.kept_old is not None:
        click.echo(prompts.text("backup.kept_old", old=summary.kept_old))
