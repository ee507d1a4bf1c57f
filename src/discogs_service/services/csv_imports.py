"""The CSV imports the settings page offers (``/settings/import``): a user uploads the
collection or wantlist CSV that discogs.com exports, and the page shows what became of it.

The page offers the kinds in ``IMPORTS``: each takes the storage, the signed-in user and the
file's text (decoded from UTF-8, a byte order mark dropped) and returns an ``ImportSummary``
for the page's table; it raises ``ImportRefused`` (or any ``AccountError``) with a message
for the page when it refuses the file as a whole. The imports themselves are the command
line's (``services.collection_csv``, ``services.wantlist_csv``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from discogs_service.errors import BadRequest, ImportRefused
from discogs_service.services import collection_csv, wantlist_csv
from discogs_service.storage import Storage
from discogs_service.storage.accounts import UserRow

# The kinds of file, in the order the page shows them, with their headings.
KINDS = {"collection": "Collection", "wantlist": "Wantlist"}
# The largest file the page takes: a Discogs export of 100,000 collection items is ~25 MB.
MAX_UPLOAD = 32 * 1024 * 1024


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: ``counts`` as (what, how many) rows of the page's table, in order
    (e.g. ("Added", 120), ("Already there", 3), ("Not in the catalogue yet", 2)), and
    ``problems``: a line each for rows that could not be imported, saying why."""

    counts: Sequence[tuple[str, int]]
    problems: Sequence[str] = field(default_factory=tuple)


class CsvImport(Protocol):
    def __call__(self, storage: Storage, user: UserRow, text: str) -> ImportSummary: ...


def _collection(storage: Storage, user: UserRow, text: str) -> ImportSummary:
    try:
        done = collection_csv.import_collection_of(storage.collection, user, text)
    except BadRequest as refusal:  # not a collection export at all
        raise ImportRefused(refusal.message) from None
    problems = [f"line {refusal.line}: {refusal.reason}" for refusal in done.refused]
    return _summary(done, problems)


def _wantlist(storage: Storage, user: UserRow, text: str) -> ImportSummary:
    try:
        done = wantlist_csv.import_wantlist_of(storage.wantlist, user, text)
    except BadRequest as refusal:  # not a wantlist export at all
        raise ImportRefused(refusal.message) from None
    problems = [
        f"line {refusal.line} (release {refusal.release_id}): {refusal.reason}"
        for refusal in done.refused
    ]
    return _summary(done, problems)


class _Done(Protocol):
    """What either import counts."""

    @property
    def added(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def waiting(self) -> int: ...
    @property
    def unchanged(self) -> int: ...
    @property
    def refused(self) -> Sequence[object]: ...


def _summary(done: _Done, problems: list[str]) -> ImportSummary:
    return ImportSummary(
        counts=[
            ("Added", done.added),
            ("Updated", done.updated),
            ("Waiting for a release this server does not hold yet", done.waiting),
            ("Already there", done.unchanged),
            ("Refused", len(done.refused)),
        ],
        problems=problems,
    )


IMPORTS: dict[str, CsvImport] = {"collection": _collection, "wantlist": _wantlist}


def run_import(storage: Storage, user: UserRow, kind: str, content: bytes) -> ImportSummary:
    """Decode an uploaded file and hand it to its kind's import."""
    importer = IMPORTS.get(kind)
    if kind not in KINDS or importer is None:
        raise ImportRefused(f"Importing a {kind} is not available on this server yet.")
    if not content.strip():
        raise ImportRefused("Choose a file: the one sent was empty.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            "The file is not UTF-8 text: send the CSV file exactly as Discogs exported it."
        ) from None
    if "\x00" in text:
        raise ImportRefused("The file holds a NUL character: it is not a CSV export.")
    return importer(storage, user, text)
