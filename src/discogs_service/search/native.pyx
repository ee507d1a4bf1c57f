# cython: language_level=3, boundscheck=False, wraparound=False
"""``text.field_text`` compiled for the values that are ASCII, built by setup.py.

``text.python_field_text`` is the reference: this returns exactly what it returns (the tests
compare the two on made-up values of every kind). Most catalogue text is ASCII, and its
fold is one table lookup a character; the values that are not ASCII, and a value without
any letter or digit (named by its symbols), go through ``text.tokens`` as before.
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


cdef list _ascii_tokens(str value):
    """``text.tokens(value)`` of an ASCII value."""
    cdef Py_ssize_t size, index
    cdef const char* data = PyUnicode_AsUTF8AndSize(value, &size)
    cdef char token[_MAX_TOKEN]
    cdef int length = 0, folded
    cdef bint in_token = False
    cdef list found = []
    for index in range(size):
        folded = _FOLD[<unsigned char>data[index]]
        if folded == _DROP:
            continue
        if folded == _SPACE:
            if in_token:
                found.append(PyUnicode_FromStringAndSize(token, length))
                in_token = False
                length = 0
            continue
        in_token = True
        if length < _MAX_TOKEN:
            token[length] = <char>folded
            length += 1
    if in_token:
        found.append(PyUnicode_FromStringAndSize(token, length))
    if not found:
        return _tokens(value)  # symbols only, or nothing: text.tokens names them
    return found


def field_text(values, bint compact=False):
    """``text.field_text(values, compact=compact)``."""
    cdef dict seen = {}
    cdef list found
    for value in values:
        if not value:
            continue
        found = _ascii_tokens(value) if value.isascii() else _tokens(value)
        for token in found:
            seen[token] = None
        if compact and len(found) > 1:
            seen["".join(found)[:_MAX_TOKEN]] = None
    return " ".join(seen)
