"""`samverkan dokument historik|aterstall`, `backup` and `restore`: admin commands over the
corpus service (`index.corpus.Corpus`), the same one the Telegram bot uses.

Each command calls one service method and prints its result; every refusal is a
`SamverkanError` that the command group prints as a Swedish message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import click

import prompts
import settings as settings_module


def _corpus() -> Any:
    from index.corpus import Corpus

    return Corpus(settings_module.load())


def _size(size: int) -> str:
    """Bytes for people, Swedish decimal comma: 812 B, 12,3 kB, 1,5 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} kB".replace(".", ",")
    return f"{size / 2**20:.1f} MB".replace(".", ",")


def print_report(report: Any, quiet: bool = False) -> None:
    """An ingest's unreadable files and duplicates (stderr), then its summary and changes."""
    for error in report.errors:
        click.echo(prompts.text("ingest.error_line", error=error), err=True)
    for duplicate in report.duplicates:
        click.echo(prompts.text("ingest.duplicate_line", duplicate=duplicate), err=True)
    if quiet:
        return
    click.echo(prompts.text("ingest.summary", documents=report.documents, pages=report.pages,
                            passages=report.passages, contacts=report.contacts, seconds=report.seconds))
    click.echo(prompts.text("ingest.changes", added=len(report.added), changed=len(report.changed),
                            removed=len(report.removed), skipped=len(report.skipped)))
    for name, (words, before, after) in sorted(getattr(report, "repairs", {}).items()):
        click.echo(prompts.text("ingest.repaired", name=name, words=words, before=_percent(before),
                                after=_percent(after)))


def _percent(share: float) -> str:
    """A share the Swedish way: 0.281 → '28,1 %'."""
    return f"{share * 100:.1f} %".replace(".", ",")


@click.group()
def dokument() -> None:
    """Dokumentarkivet: alla versioner av varje inläst dokument."""


@dokument.command()
@click.argument("name", required=False)
def historik(name: str | None) -> None:
    """Visa versionerna av ett dokument (utan namn: dokumenten i arkivet)."""
    from index.corpus import printable

    versions = _corpus().history(name)
    if name is None:
        click.echo(prompts.text("archive.list_heading", count=len(versions)))
        for last in versions:
            click.echo(prompts.text("archive.list_line", name=printable(last.name), version=last.version,
                                    status=last.status))
        return
    header = cast(list[str], prompts.value("archive.history_header"))
    rows = [header]
    for v in versions:
        status = v.status
        if v.removed_at:
            by = prompts.text("archive.history_removed_by", by=v.removed_by) if v.removed_by else ""
            status = prompts.text("archive.history_removed", removed_at=v.removed_at.replace("T", " ")[:16], by=by)
        if v.note:
            status += " " + prompts.text("archive.history_note", note=v.note)
        rows.append([str(v.version), v.uploaded_at.replace("T", " ")[:16], _size(v.size), v.sha256[:12],
                     printable(v.uploader or "–"), printable(status)])
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)]
    click.echo(prompts.text("archive.history_heading", name=printable(name)))
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


@dokument.command("aterstall")
@click.argument("name")
@click.argument("version", type=int)
def aterstall(name: str, version: int) -> None:
    """Lägg tillbaka en version av ett dokument där det ligger i korpusen och läs in den
    (misslyckas inläsningen läggs den tidigare filen tillbaka)."""
    result = _corpus().restore_version(name, version)
    click.echo(prompts.text("archive.restored", name=name, version=version, path=result.path))
    print_report(result.report)
    click.echo(prompts.text("archive.restored_done", name=name, version=version))


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--skriv-over", "overwrite", is_flag=True, help="Ersätt FILE om den redan finns.")
def backup_command(file: Path, overwrite: bool) -> None:
    """Spara datakatalogen (index, dokumentarkiv, inbäddningar, återkoppling) i en .tar.gz-fil."""
    corpus = _corpus()
    click.echo(prompts.text("backup.writing", data_dir=corpus.settings.data_dir))
    summary = corpus.backup(file, overwrite=overwrite)
    click.echo(prompts.text("backup.written", path=file, files=summary.files, size=_size(summary.size),
                            generation=summary.generation, documents=summary.documents, versions=summary.versions))


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Återställ datakatalogen från en säkerhetskopia (kontrolleras först; den gamla sparas)."""
    summary = _corpus().restore(file, say=click.echo)
    for warning in summary.warnings:
        click.echo(warning, err=True)
    click.echo(prompts.text("backup.restored", path=file, generation=summary.generation, documents=summary.documents,
                            passages=summary.passages, versions=summary.versions))
    if summary.kept_old is not None:
        click.echo(prompts.text("backup.kept_old", old=summary.kept_old))


COMMANDS = (dokument, backup_command, restore_command)
