"""The entries a run of versions of the index changed, matched against a word the way
PostgreSQL matches its lexemes (``storage.search.change_log``)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from discogs_service.storage.search.change_log import ChangesAcross, VersionChanges
from discogs_service.storage.search.lexemes import tsvector_text, word_lexemes
from discogs_service.storage.search.match_sets import Word

BLUE = Word(("title",), "blue", False, True)


def _lexemes(vectors: dict[int, str]) -> dict[int, str]:
    """Each vector's lexemes apart by spaces, as PostgreSQL's tsvector_to_array gives them
    to the log's reader."""
    return {key: " ".join(re.findall(r"'([^']*)'", vector)) for key, vector in vectors.items()}


def _one_version(vectors: dict[int, str]) -> ChangesAcross:
    return ChangesAcross([VersionChanges(1, _lexemes(vectors))])


def test_changed_entries_match_a_word_as_postgresql_matches_its_lexemes() -> None:
    changes = _one_version(
        {
            4: tsvector_text(("release", "blue", "monday", *[""] * 11)),
            8: tsvector_text(("release", "bluer", "", *[""] * 11)),
            12: "",  # removed: matches nothing
            16: "'k.release' 'ti.don' 'ye.1977':4",  # lexemes without positions too
        }
    )
    assert list(changes.keys) == [4, 8, 12, 16]
    assert sorted(changes.matching(BLUE)) == [4]
    assert sorted(changes.matching(Word(("title",), "blue", True, True))) == [4, 8]
    assert sorted(changes.matching(Word(("artist", "anv"), "monday", False, False))) == [4]
    assert sorted(changes.matching(Word(("title",), "monday", False, False))) == []
    assert sorted(changes.matching(Word(("kind",), "release", False, False))) == [4, 8, 16]
    assert sorted(changes.matching(Word(("title",), "don", False, False))) == [16]
    assert sorted(changes.matching(Word(("title",), "do", False, False))) == []
    assert sorted(changes.matching(Word(("title",), "do", True, False))) == [16]
    assert sorted(changes.matching(Word(("year",), "1977", False, False))) == [16]
    assert sorted(changes.matching(Word(("year",), "197", False, False))) == []


def test_an_entry_written_by_several_versions_is_as_the_last_one_wrote_it() -> None:
    blue = "'blue':1A"
    red = "'red':1A"
    changes = ChangesAcross(
        [
            VersionChanges(3, _lexemes({4: blue, 8: red, 12: blue})),
            VersionChanges(3, _lexemes({4: red, 8: blue})),
            VersionChanges(3, {12: ""}),  # removed
        ]
    )
    assert sorted(changes.keys) == [4, 8, 12]
    assert sorted(changes.matching(BLUE)) == [8]


_LEXEMES = st.sampled_from(["blue", "bluer", "blues", "red", "ti.blue", "ti.red", "ar.blue"])
_VECTORS = st.lists(_LEXEMES, max_size=4).map(lambda ls: " ".join(f"'{lx}':1" for lx in ls))
_VERSIONS = st.lists(st.dictionaries(st.integers(0, 12), _VECTORS, min_size=1), min_size=1)
_WORDS = st.builds(
    Word,
    st.sampled_from([("title",), ("artist", "title")]),
    st.sampled_from(["blue", "blu", "red", "r"]),
    st.booleans(),
    st.booleans(),
)


@given(_VERSIONS, _WORDS)
def test_a_run_of_versions_matches_what_the_last_writes_match(
    versions: list[dict[int, str]], word: Word
) -> None:
    last = {key: vector for written in versions for key, vector in written.items()}
    wanted = {f"'{lexeme}'" for lexeme in word_lexemes(word)}
    expected = {
        key
        for key, vector in last.items()
        if any(
            lexeme.startswith(w[:-1]) if word.prefix else lexeme.split(":")[0] == w
            for lexeme in vector.split()
            for w in wanted
        )
    }
    changes = ChangesAcross([VersionChanges(9, _lexemes(written)) for written in versions])
    assert set(changes.keys) == set(last)
    assert set(changes.matching(word)) == expected
