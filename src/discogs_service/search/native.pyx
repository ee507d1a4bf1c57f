# cython: language_level=3, boundscheck=False, wraparound=False
"""``text.field_text`` compiled for the values whose fold is ASCII, built by setup.py.

``text.python_field_text`` is the reference: this returns exactly what it returns (the tests
compare the two on made-up values of every kind). Most catalogue text is ASCII, and its
fold is one table lookup a character. A character that is not ASCII is folded once per
process by ``text.folded_character`` and looked up after. A value with a character whose
fold is not ASCII ("東京"), and a value without any letter or digit (named by its symbols),
go through ``text.tokens`` as before.
"""

from cpython.unicode cimport PyUnicode_FromStringAndSize
from discogs_service.search import text

cdef extern from "Python.h":
    const char* PyUnicode_AsUTF8AndSize(object unicode, Py_ssize_t* size) except NULL

cdef enum:
    _SPACE = -1  # ends a token
    _DROP = -2  # an apostrophe: "What's" is "whats"
    _MAX_TOKEN = 64

# text.py's table for ASCII text (letters and digits lowered, NUL kept, the rest spaces),
# read a character at a time, with its dropped apostrophe.
cdef int _FOLD[128]
cdef int _code
for _code in range(128):
    if _code in text._APOSTROPHE:
        _FOLD[_code] = _DROP
    elif text._LOWERED_WORDS[_code] == ord(" "):
        _FOLD[_code] = _SPACE
    else:
        _FOLD[_code] = text._LOWERED_WORDS[_code]
assert text.MAX_TOKEN_LENGTH == _MAX_TOKEN

cdef object _tokens = text.tokens
cdef object _folded_character = text.folded_character
# Code point -> text.folded_character of it, filled as characters are met.
cdef dict _CHARACTER_FOLDS = {}
cdef object _UNSEEN = object()


cdef class _Tokens:
    """Tokens of one value, gathered a folded character at a time."""
    cdef list found
    cdef char token[_MAX_TOKEN]
    cdef int length
    cdef bint in_token

    def __cinit__(self):
        self.found = []
        self.length = 0
        self.in_token = False

    cdef inline void add(self, int folded):
        if folded == _DROP:
            return
        if folded == _SPACE:
            self.end()
            return
        self.in_token = True
        if self.length < _MAX_TOKEN:
            self.token[self.length] = <char>folded
            self.length += 1

    cdef inline void end(self):
        if self.in_token:
            self.found.append(PyUnicode_FromStringAndSize(self.token, self.length))
            self.in_token = False
            self.length = 0


cdef list _ascii_tokens(str value):
    """``text.tokens(value)`` of an ASCII value."""
    cdef Py_ssize_t size, index
    cdef const char* data = PyUnicode_AsUTF8AndSize(value, &size)
    cdef _Tokens tokens = _Tokens()
    for index in range(size):
        tokens.add(_FOLD[<unsigned char>data[index]])
    tokens.end()
    if not tokens.found:
        return _tokens(value)  # symbols only, or nothing: text.tokens names them
    return tokens.found


cdef list _unicode_tokens(str value):
    """``text.tokens(value)`` of a value that is not ASCII."""
    cdef Py_UCS4 character
    cdef object folded
    cdef unsigned char byte
    cdef _Tokens tokens = _Tokens()
    for character in value:
        if character < 128:
            tokens.add(_FOLD[character])
            continue
        folded = _CHARACTER_FOLDS.get(character, _UNSEEN)
        if folded is _UNSEEN:
            folded = _CHARACTER_FOLDS[character] = _folded_character(chr(character))
        if folded is None:
            return _tokens(value)  # a fold that is not ASCII: text.tokens splits it
        for byte in <bytes>folded:
            tokens.add(_SPACE if byte == 0x20 else <int>byte)
    tokens.end()
    if not tokens.found:
        return _tokens(value)
    return tokens.found


def field_text(values, bint compact=False):
    """``text.field_text(values, compact=compact)``."""
    cdef dict seen = {}
    cdef list found
    for value in values:
        if not value:
            continue
        found = _ascii_tokens(value) if value.isascii() else _unicode_tokens(value)
        for token in found:
            seen[token] = None
        if compact and len(found) > 1:
            seen["".join(found)[:_MAX_TOKEN]] = None
    return " ".join(seen)
