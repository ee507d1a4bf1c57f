"""Errors that stop an import. Each names the file and, where known, the line and record."""

from __future__ import annotations


class DumpError(Exception):
    """The dump cannot be imported (from the point named): what to tell the user, exit 1.

    Every error met while records are read names its line. One without a line refused the
    file before its first record was read (``files.identify``, ``files.verify_checksum``):
    nothing of that file was written."""

    def __init__(
        self,
        file: str,
        reason: str,
        *,
        line: int | None = None,
        record_id: int | str | None = None,
    ) -> None:
        self.file = file
        self.reason = reason
        self.line = line
        self.record_id = record_id
        super().__init__(str(self))

    def __reduce__(self) -> tuple[object, ...]:  # crosses process boundaries intact
        return (_rebuild, (self.file, self.reason, self.line, self.record_id))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.record_id is not None:
            where += f", record {self.record_id}"
        return f"{where}: {self.reason}"


def _rebuild(file: str, reason: str, line: int | None, record_id: int | str | None) -> DumpError:
    return DumpError(file, reason, line=line, record_id=record_id)
