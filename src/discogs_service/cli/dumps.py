"""Import Discogs monthly data dump files into the database."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from discogs_service.cli.progress import import_display, index_build_display
from discogs_service.config import Settings
from discogs_service.importer import space
from discogs_service.importer.errors import DumpError
from discogs_service.importer.run import Outcome, import_dump
from discogs_service.storage import Storage, open_storage

# A refresh runs beside a server that answers searches: on two cores, at the shell's
# priority it took a core from the server's workers and searches slowed 4.7x
# (benchmarks/README.md). Ten steps of niceness weigh a process about a tenth as much in
# Linux's scheduler (1024 against 110): a busy server's processes get about 90 % of a core
# both want, and the import all that is idle otherwise.
BACKGROUND_NICENESS = 10


def import_files(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Dump files (.xml or .xml.gz), any kinds, any order.", show_default=False
        ),
    ],
    keep_missing: Annotated[
        bool,
        typer.Option(
            "--keep-missing",
            help="Never delete records that a monthly file no longer contains.",
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(help="Worker processes for parsing (default: one per core, up to 4)."),
    ] = None,
    ignore_space: Annotated[
        bool,
        typer.Option(
            "--ignore-space",
            help="Start even when the database's disk has less free space than the estimate.",
        ),
    ] = False,
    niceness: Annotated[
        int,
        typer.Option(
            envvar="DISCOGS_IMPORT_NICENESS",
            min=0,
            max=19,
            help="Added to the CPU niceness the import was started with, as nice(1) does, "
            "for it and its worker processes: a server on the same machine is served first, "
            "and the import takes the CPU it leaves (0: as started).",
        ),
    ] = BACKGROUND_NICENESS,
) -> None:
    """Import dump files into DISCOGS_DATABASE_URL (default sqlite:///discogs.db).

    Changed records are updated, new ones added, unchanged ones left alone. Records a file no
    longer holds are removed only when the file is a whole monthly dump
    (discogs_YYYYMMDD_<kind>.xml.gz) at least as new as the last one imported of its kind.
    An interrupted import resumes where it stopped when the same file is imported again.
    Before it starts, it tells the disk the database will take, and refuses when the free
    space beside the database is smaller than that.
    """
    console = Console(stderr=True)
    run_in_background(niceness)
    settings = Settings.from_env()
    with index_build_display(console) as progress:
        storage = open_storage(
            settings.database_url, search_cache_mb=settings.search_cache_mb, progress=progress
        )
    try:
        check = space.check(storage, files)
        if check.files:  # none: no file is a dump, and the first one's import says why
            console.print(space_note(check))
        if not check.enough and not ignore_space:
            console.print(space_refusal(check))
            raise typer.Exit(1)
        outcomes = run_imports(storage, files, console, keep_missing=keep_missing, workers=workers)
    except DumpError as error:
        console.print(f"[bold red]import stopped:[/] {error}")
        console.print(stopped_note(error))
        raise typer.Exit(1) from error
    except KeyboardInterrupt:
        console.print("[bold]import interrupted.[/] Import the same file again to resume.")
        raise typer.Exit(130) from None
    finally:
        storage.close()
    Console().print(summary_table(outcomes))


def run_in_background(niceness: int) -> None:
    """Lower this process's CPU priority by ``niceness`` (an increment, as nice(1) takes); the
    threads and workers it starts later inherit it."""
    if niceness:
        os.nice(niceness)
        lower_session_group(niceness)


AUTOGROUP = Path("/proc/self/autogroup")


def lower_session_group(niceness: int) -> None:
    """Lower the CPU share of this process's session by ``niceness`` too, when it is the
    import's own. Linux with autogroups (``kernel.sched_autogroup_enabled``)
    shares the CPU between sessions first, and a niceness counts only against the processes
    of the same session. Beside the search benchmark's busy server, an import in a session
    of its own took 20-30 s with the niceness alone and 40-60 s with its session's share
    lowered too: the niceness alone had left it the CPU the server wanted
    (benchmarks/README.md). A session the import does not lead (a terminal's) is left
    alone: its other processes are not the import's to slow."""
    if os.getsid(0) != os.getpid():
        return
    # Left as it is without autogroups (no file), without the right to change it, or in
    # init's session, whose group the kernel does not show (an empty file).
    with contextlib.suppress(OSError, ValueError, IndexError):
        current = int(AUTOGROUP.read_text().rsplit("nice", 1)[1])
        AUTOGROUP.write_text(str(min(19, current + niceness)))


def stopped_note(error: DumpError) -> str:
    """What a failed file left in the database. An error naming no line refused the file
    before its first record was read (not found, not a dump, a wrong checksum)."""
    if error.line is None:
        return f"Nothing of {error.file} was imported."
    return "Everything before the failing batch is saved; nothing of it is."


def space_note(check: space.SpaceCheck) -> str:
    parts = [
        f"{estimate.name}: {_megabytes(estimate.size)}, "
        + ("refresh" if estimate.refresh else "first import")
        for estimate in check.files
    ]
    note = f"Disk: about {_megabytes(check.needed)} for this import ({'; '.join(parts)}); "
    if check.free is None:
        return note + "the free space beside the database is not known here: not checked."
    return note + f"{_megabytes(check.free)} free in {check.directory}."


def space_refusal(check: space.SpaceCheck) -> str:
    return (
        f"[bold red]import refused:[/] it needs about {_megabytes(check.needed)} and "
        f"{_megabytes(check.free or 0)} are free in {check.directory}. Free some space or move "
        "the database (DISCOGS_DATABASE_URL), or pass --ignore-space to start anyway."
    )


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size < 10e6 else f"{size / 1e6:,.0f} MB"


def run_imports(
    storage: Storage,
    files: list[Path],
    console: Console,
    *,
    keep_missing: bool = False,
    workers: int | None = None,
) -> list[Outcome]:
    outcomes = []
    with import_display(console) as display:
        for path in files:
            outcome = import_dump(
                storage,
                path,
                allow_removal=not keep_missing,
                workers=workers,
                progress=display.callbacks(path.name),
            )
            display.finish()
            outcomes.append(outcome)
    return outcomes


def summary_table(outcomes: list[Outcome]) -> Table:
    table = Table(title="Import finished")
    for column in ("file", "kind", "added", "updated", "removed", "unchanged", "checksum"):
        table.add_column(column, justify="left" if column in ("file", "kind") else "right")
    for outcome in outcomes:
        run = outcome.run
        table.add_row(
            outcome.dump.name,
            outcome.dump.kind,
            f"{run.added:,}",
            f"{run.updated:,}",
            f"{run.removed:,}" if outcome.removal else "0 (kept)",
            f"{run.unchanged:,}",
            "verified" if outcome.checksum_verified else "-",
        )
    return table
