"""Bring a wantlist in, take it out: the CSV file discogs.com exports for a wantlist.

    Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,Notes

An import reads ``release_id``, ``Rating`` and ``Notes`` of each row (the other columns
describe the release for people; the catalogue knows it by its id) and is idempotent: a row
whose release is wanted already with the same notes and rating changes nothing, a differing
one updates the want (its date stays), a new one is added, dated in the file's order. An
empty ``Rating`` leaves the user's rating as it is. A row naming a release the catalogue does
not hold is kept all the same and counted as *waiting*: the want shows as soon as an import
brings the release (docs/user-data.md). Rows that cannot be read are refused, each with its
line and reason; the others are written in one transaction.

An export writes every want, waiting ones included, in the wantlist's order: importing it
into another user gives the same wantlist.

``import_wantlist`` takes the file's text, so the command line and a web upload share it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from discogs_service.accounts.service import Accounts
from discogs_service.basic_information import BasicInformation
from discogs_service.errors import BadRequest
from discogs_service.importer.records.common import credit_line
from discogs_service.importer.records.formats import listing_format
from discogs_service.limits import MAX_BIGINT
from discogs_service.services.users import find_user
from discogs_service.services.wantlist import MAX_NOTES
from discogs_service.storage.accounts import UserRow
from discogs_service.storage.wantlist import Want, WantChange, WantStore

HEADER = (
    "Catalog#", "Artist", "Title", "Label", "Format", "Rating", "Released", "release_id", "Notes",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Refusal:
    line: int  # in the file, the header being line 1
    release_id: str  # as the row gives it
    reason: str


@dataclass
class ImportSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    waiting: int = 0  # rows kept for a release the catalogue does not hold (yet)
    refused: list[Refusal] = field(default_factory=list)


def import_wantlist(
    accounts: Accounts, wants: WantStore, username: str, text: str
) -> ImportSummary:
    """Import the rows of a wantlist export into the named user's wantlist."""
    return import_wantlist_of(wants, find_user(accounts, username), text)


def import_wantlist_of(wants: WantStore, user: UserRow, text: str) -> ImportSummary:
    """Import the rows of a wantlist export into the user's wantlist."""
    summary = ImportSummary()
    changes = list(_readable_rows(text, summary))
    held = {want.release_id: want for want in wants.every_want(user.id)}
    known = wants.known_releases([change.release_id for change in changes])
    writes = []
    for change in changes:
        wanted = held.get(change.release_id)
        if wanted is not None and _same(wanted, change):
            outcome = "unchanged"
        else:
            writes.append(change)
            outcome = "added" if wanted is None else "updated"
        if change.release_id not in known:
            outcome = "waiting"
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    if writes:
        wants.write_many(user.id, writes, add=True)
    return summary


def export_wantlist(accounts: Accounts, wants: WantStore, username: str) -> str:
    """The user's whole wantlist as discogs.com exports it."""
    user = find_user(accounts, username)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for want in wants.every_want(user.id):
        writer.writerow(_export_row(want))
    return out.getvalue()


def _readable_rows(text: str, summary: ImportSummary) -> Iterator[WantChange]:
    """The rows' changes; the rows that cannot be read go to the summary's refusals."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    if reader.fieldnames is None or "release_id" not in reader.fieldnames:
        raise BadRequest("The file is not a Discogs wantlist export: it has no release_id column.")
    seen: dict[int, int] = {}
    for row in reader:
        line = reader.line_num
        given = (row.get("release_id") or "").strip()
        try:
            change = _change(row, given)
        except ValueError as error:
            summary.refused.append(Refusal(line, given, str(error)))
            continue
        if change.release_id in seen:
            summary.refused.append(
                Refusal(line, given, f"the release is on line {seen[change.release_id]} already")
            )
            continue
        seen[change.release_id] = line
        yield change


def _change(row: dict[str, Any], given: str) -> WantChange:
    if not (given.isdigit() and given.isascii() and len(given) <= 19) or not (
        0 < int(given) <= MAX_BIGINT
    ):
        raise ValueError("release_id is not a release's id")
    rating_text = (row.get("Rating") or "").strip()
    if rating_text and rating_text not in ("0", "1", "2", "3", "4", "5"):
        raise ValueError("Rating is not a number from 0 to 5")
    notes = row.get("Notes") or ""
    if not isinstance(notes, str) or len(notes) > MAX_NOTES:
        raise ValueError(f"Notes are longer than {MAX_NOTES} characters")
    if "\x00" in notes:
        raise ValueError("Notes hold a NUL character")
    # 0 or nothing: not rated in the file, so the user's rating stays as it is.
    rating = int(rating_text) if rating_text and rating_text != "0" else None
    return WantChange(int(given), notes, rating)


def _same(want: Want, change: WantChange) -> bool:
    return want.notes == change.notes and change.rating in (None, want.rating)


def _export_row(want: Want) -> list[str]:
    rating = str(want.rating) if want.rating else ""
    basics = want.basics
    if basics is None:  # waiting for its release: only what the user gave
        return ["", "", "", "", "", rating, "", str(want.release_id), want.notes]
    return [
        basics.labels[0].catno if basics.labels else "",
        _artist(basics),
        basics.title,
        ", ".join(dict.fromkeys(label.name for label in basics.labels)),
        _format(basics),
        rating,
        str(basics.year) if basics.year else "",
        str(want.release_id),
        want.notes,
    ]


def _artist(basics: BasicInformation) -> str:
    """The credit line as discogs.com prints it, with the artists' names."""
    credits = [{"name": a.name, "anv": a.anv, "join": a.join} for a in basics.artists]
    return credit_line(credits, use_anv=False)


def _format(basics: BasicInformation) -> str:
    """The formats as discogs.com lists them ("2xCD, Comp, Mixed")."""
    formats = [
        {"name": f.name, "qty": f.qty, "descriptions": f.descriptions, "text": f.text}
        for f in basics.formats
    ]
    return listing_format(formats)
