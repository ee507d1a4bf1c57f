"""The CSV imports the settings page offers (``/settings/import``): a user uploads the
collection or wantlist CSV that discogs.com exports, and the page shows what became of it.

This module is the plug point between the page and the import use cases, which live
elsewhere: each kind's function is registered in ``IMPORTS`` under its kind, and the page
offers exactly the kinds registered (a kind without a function is shown as not available).

    from discogs_service.services import csv_imports
    csv_imports.IMPORTS["collection"] = import_collection_csv
    csv_imports.IMPORTS["wantlist"] = import_wantlist_csv

A function takes the storage, the signed-in user and the file's text (decoded from UTF-8,
a byte order mark dropped) and returns an ``ImportSummary``; it raises ``ImportRefused``
(or any ``AccountError``) with a message for the page when it refuses the file as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from discogs_service.errors import ImportRefused
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


IMPORTS: dict[str, CsvImport] = {}


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
