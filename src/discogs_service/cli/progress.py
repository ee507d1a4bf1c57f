"""Rich progress display for imports: bytes read (for the ETA), records, records/s."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from discogs_service.importer.files import DumpFile
from discogs_service.importer.run import Progress as ImportProgress
from discogs_service.storage.dumps import ImportRun


class ImportDisplay:
    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[records]:>12,} records"),
            TextColumn("{task.fields[rate]:>9,.0f}/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task: TaskID | None = None
        self.records = 0
        self.started = time.monotonic()

    def callbacks(self, path_name: str) -> ImportProgress:
        def on_checksum(nbytes: int) -> None:
            if self.task is None:
                self.task = self.progress.add_task(f"verify {path_name}", records=0, rate=0.0)
            self.progress.advance(self.task, nbytes)

        def on_start(dump: DumpFile, run: ImportRun) -> None:
            if self.task is not None:
                self.progress.remove_task(self.task)
            label = f"{dump.kind} {dump.name}" + (" (resumed)" if run.resumed else "")
            if run.resumed:  # a line of its own, so that logs show it too
                self.progress.console.print(
                    f"{dump.name}: resuming the interrupted import after record"
                    f" {run.records_done:,}"
                )
            self.records = run.records_done
            self.started = time.monotonic()
            self.task = self.progress.add_task(
                label, total=dump.size, records=self.records, rate=0.0
            )

        def on_batch(records: int, bytes_read: int) -> None:
            self.records += records
            elapsed = max(time.monotonic() - self.started, 1e-6)
            assert self.task is not None
            self.progress.update(
                self.task, completed=bytes_read, records=self.records, rate=self.records / elapsed
            )

        def on_finishing(run: ImportRun) -> None:
            if self.task is not None:
                steps = ["building listing indexes"] if run.bulk else []
                steps.append("finishing")
                self.progress.update(self.task, description=f"{run.kind}: {', '.join(steps)}")

        return ImportProgress(
            on_start=on_start, on_checksum=on_checksum, on_batch=on_batch, on_finishing=on_finishing
        )

    def finish(self) -> None:
        if self.task is not None:
            task = self.progress.tasks[-1]
            self.progress.update(self.task, completed=task.total)
            self.task = None


@contextmanager
def import_display(console: Console) -> Iterator[ImportDisplay]:
    display = ImportDisplay(console)
    with display.progress:
        yield display


@contextmanager
def index_build_display(console: Console) -> Iterator[Callable[[int, int], None]]:
    """A progress bar for entries taken into the search index when the storage opens (after
    the migration to Tantivy, or after an import killed between its two commits); shown only
    when there are some."""
    progress = Progress(
        TextColumn("[bold]search index"),
        BarColumn(),
        TextColumn("{task.completed:>12,} / {task.total:,} entries"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
    )
    task: list[TaskID] = []

    def advance(done: int, total: int) -> None:
        if not task:
            progress.start()
            task.append(progress.add_task("search index", total=total))
        progress.update(task[0], completed=done)

    try:
        yield advance
    finally:
        progress.stop()
