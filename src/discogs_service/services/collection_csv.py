"""Bringing a collection in from the CSV file discogs.com exports, and taking it out in the
same form (the ``discogs-service collection`` commands; the web upload calls
``import_collection_csv`` with the file's text).

The file: ``Catalog#, Artist, Title, Label, Format, Rating, Released, release_id,
CollectionFolder, Date Added``, then one ``Collection <Field>`` column per custom field
(``Collection Media Condition``, ``Collection Sleeve Condition``, ``Collection Notes`` and
any field the user made). Only ``release_id`` is required; the other catalogue columns are
the release's, as the catalogue shows it, and are read only for a release this server does
not hold yet.

A row is one instance. Its identity is (release_id, folder, date added), counted: the
second row with the same three is the second such instance. So importing the same file
again adds nothing; a row whose instance is already there is "unchanged", or "updated" when
its field values or rating differ from the file's. Folders and fields the file names are
made as needed (a new field is a private textarea). A row naming a release that is neither
in the catalogue nor kept in a snapshot is added all the same and waits, not shown, for an
import to bring the release (docs/user-data.md); the summary counts it as "waiting". A row
that cannot be read is refused, with its line and the reason.
"""

from __future__ import annotations

import csv
import io
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import msgspec

from discogs_service.accounts.service import Accounts
from discogs_service.errors import BadRequest
from discogs_service.services.collection import FIRST_CUSTOM_FIELD, all_fields
from discogs_service.services.users import find_user
from discogs_service.storage.accounts import UserRow
from discogs_service.storage.collection import (
    UNCATEGORIZED,
    CollectionStore,
    ExportRow,
    NewInstance,
    ReleaseFacts,
)

CATALOGUE_COLUMNS = ["Catalog#", "Artist", "Title", "Label", "Format", "Rating", "Released"]
HEADER = [*CATALOGUE_COLUMNS, "release_id", "CollectionFolder", "Date Added"]
FIELD_PREFIX = "Collection "
# The catalogue's own text of a row whose release is not here yet, kept until it arrives.
PENDING_COLUMNS = ("Catalog#", "Artist", "Title", "Label", "Format", "Released")
# Dates as the export writes them: US Pacific time, as the API's own dates.
PACIFIC = ZoneInfo("America/Los_Angeles")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True, slots=True)
class Refusal:
    line: int
    reason: str


@dataclass
class ImportSummary:
    added: int = 0
    waiting: int = 0  # added, not shown until an import brings the release
    updated: int = 0
    unchanged: int = 0
    refused: list[Refusal] = field(default_factory=list)
    folders_made: list[str] = field(default_factory=list)
    fields_made: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    release_id: int
    folder_id: int
    added_at: int
    rating: int | None
    notes: dict[int, str]
    pending: str


def import_collection_csv(
    accounts: Accounts, store: CollectionStore, username: str, text: str
) -> ImportSummary:
    """Bring the rows of a collection CSV into the named user's collection."""
    return import_collection_of(store, find_user(accounts, username), text)


def import_collection_of(store: CollectionStore, user: UserRow, text: str) -> ImportSummary:
    """Bring the rows of a collection CSV into the user's collection (module docstring)."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    columns = reader.fieldnames or []
    if "release_id" not in columns:
        raise BadRequest("The file has no release_id column: export the collection as CSV.")
    summary = ImportSummary()
    field_ids = _field_columns(store, user.id, columns, summary)
    folder_ids = {f.name: f.id for f in store.folders(user.id)[1:]}
    rows = []
    for record in reader:
        row = _read_row(store, user.id, record, reader.line_num, field_ids, folder_ids, summary)
        if isinstance(row, Refusal):
            summary.refused.append(row)
        else:
            rows.append(row)
    _bring_in(store, user.id, rows, summary)
    return summary


def _bring_in(
    store: CollectionStore, user_id: int, rows: list[_Row], summary: ImportSummary
) -> None:
    known = store.identities(user_id)
    notes = store.notes_of(user_id)
    ratings = store.ratings_of(user_id)
    seen: Counter[tuple[int, int, int]] = Counter()
    new: list[NewInstance] = []
    note_changes: list[tuple[int, int, str]] = []
    rates: dict[int, int] = {}
    for row in rows:
        identity = (row.release_id, row.folder_id, row.added_at)
        matches, seen[identity] = known.get(identity, []), seen[identity] + 1
        rated = row.rating is not None and ratings.get(row.release_id, 0) != row.rating
        if rated:
            rates[row.release_id] = ratings[row.release_id] = row.rating or 0
        if seen[identity] > len(matches):
            values = {f: v for f, v in row.notes.items() if v}
            new.append(
                NewInstance(row.folder_id, row.release_id, row.added_at, values, row.pending)
            )
            continue
        instance_id = matches[seen[identity] - 1]
        had = notes.get(instance_id, {})
        changes = [(instance_id, f, v) for f, v in row.notes.items() if had.get(f, "") != v]
        note_changes.extend(changes)
        if changes or rated:
            summary.updated += 1
        else:
            summary.unchanged += 1
    shown, waiting = store.bring_in(user_id, new, note_changes, rates, int(time.time()))
    summary.added, summary.waiting = shown, waiting


def _field_columns(
    store: CollectionStore, user_id: int, columns: Iterable[str], summary: ImportSummary
) -> dict[str, int]:
    """Column -> field id of every ``Collection <Field>`` column, making missing fields."""
    by_name = {f.name: f.id for f in all_fields(store, user_id)}
    found = {}
    for column in columns:
        if not column.startswith(FIELD_PREFIX) or column == "CollectionFolder":
            continue
        name = column.removeprefix(FIELD_PREFIX)
        if name not in by_name:
            by_name[name] = store.add_field(user_id, name, FIRST_CUSTOM_FIELD)
            summary.fields_made.append(name)
        found[column] = by_name[name]
    return found


def _read_row(
    store: CollectionStore,
    user_id: int,
    record: dict[str, str | None],
    line: int,
    field_ids: dict[str, int],
    folder_ids: dict[str, int],
    summary: ImportSummary,
) -> _Row | Refusal:
    def text(column: str) -> str:
        value = record.get(column)
        return value.strip() if isinstance(value, str) else ""

    release = text("release_id")
    if not release.isascii() or not release.isdigit() or not 0 < int(release) < 2**63:
        return Refusal(line, f"release_id {release!r} is not a release id")
    added_at = _read_date(text("Date Added"))
    if added_at is None:
        return Refusal(line, f"Date Added {text('Date Added')!r} is not a date and time")
    rating_text = text("Rating")
    if rating_text and rating_text not in ("0", "1", "2", "3", "4", "5"):
        return Refusal(line, f"Rating {rating_text!r} is not a rating from 0 to 5")
    folder_name = text("CollectionFolder")
    if folder_name in ("", "All", "Uncategorized"):
        folder_id = UNCATEGORIZED
    else:
        if folder_name not in folder_ids:
            folder_ids[folder_name] = store.create_folder(user_id, folder_name).id
            summary.folders_made.append(folder_name)
        folder_id = folder_ids[folder_name]
    pending = {column: text(column) for column in PENDING_COLUMNS if text(column)}
    return _Row(
        line=line,
        release_id=int(release),
        folder_id=folder_id,
        added_at=added_at,
        rating=int(rating_text) if rating_text else None,
        notes={field_id: text(column) for column, field_id in field_ids.items()},
        pending=msgspec.json.encode(pending).decode(),
    )


def _read_date(given: str) -> int | None:
    """Unix seconds of the export's ``2024-05-01 13:14:15`` (US Pacific time) or of an ISO
    8601 time with its offset; None when it is neither (or empty: the date is part of what
    makes a row the same instance on the next import)."""
    try:
        moment = datetime.strptime(given, DATE_FORMAT).replace(tzinfo=PACIFIC)
    except ValueError:
        try:
            moment = datetime.fromisoformat(given)
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=PACIFIC)
    return int(moment.timestamp())


# -- taking it out ----------------------------------------------------------------------------


def export_collection_csv(
    accounts: Accounts, store: CollectionStore, username: str, out: io.TextIOBase | io.StringIO
) -> int:
    """Write the user's whole collection as discogs.com exports it; the rows written."""
    user = find_user(accounts, username)
    custom = all_fields(store, user.id)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*HEADER, *(FIELD_PREFIX + f.name for f in custom)])
    count = 0
    for row in store.take_out(user.id):
        writer.writerow(_export_line(row, [f.id for f in custom]))
        count += 1
    return count


def _export_line(row: ExportRow, field_ids: list[int]) -> list[str]:
    if row.basics is not None:
        facts = ReleaseFacts.of(row.basics)
        catalogue = [
            facts.catno, facts.artist, facts.title, facts.label, facts.format,
            str(row.rating or ""), str(facts.year or ""),
        ]  # fmt: skip
    else:
        kept = msgspec.json.decode(row.pending or "{}")
        catalogue = [
            kept.get(c, "") if c != "Rating" else str(row.rating or "") for c in CATALOGUE_COLUMNS
        ]
    added = datetime.fromtimestamp(row.added_at, PACIFIC).strftime(DATE_FORMAT)
    return [
        *catalogue,
        str(row.release_id),
        row.folder,
        added,
        *(row.notes.get(field_id, "") for field_id in field_ids),
    ]
