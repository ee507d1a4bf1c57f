# cython: language_level=3, boundscheck=False, wraparound=False
"""``common.python_readable_slug`` compiled, built by setup.py.

``common.python_readable_slug`` is the reference: this returns exactly what it returns (the
tests compare the two on text of every script). The Python one runs three regular
expressions over the text and quotes its runs of letters outside ASCII; here one pass over
the characters writes the slug into a buffer, each letter outside ASCII percent-encoded as
UTF-8 on the way. Every record's ``uri`` is made this way: 3,552 synthetic releases took
77.9-78.8 us a release to prepare with the Python slug, 73.4-73.7 with this one, and
71.8-73.1 with no uri at all (five rounds each, in turn).

What the Python one's patterns say, said per character (Python's own tests for ``\\w`` and
``\\s`` in a ``str`` pattern): a letter or digit is ``Py_UNICODE_ISALNUM`` (``str.isalnum``)
and is kept; ``_``, ``-`` and ``Py_UNICODE_ISSPACE`` separate words; anything else is
dropped, joining what is either side of it.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc

cdef extern from "Python.h":
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch)

cdef const char* _HEX = b"0123456789ABCDEF"


cdef inline Py_ssize_t _percent(char* out, Py_ssize_t n, unsigned int byte) noexcept:
    out[n] = b"%"
    out[n + 1] = _HEX[byte >> 4]
    out[n + 2] = _HEX[byte & 15]
    return n + 3


cdef inline Py_ssize_t _encoded(char* out, Py_ssize_t n, unsigned int code) noexcept:
    """A code point (not ASCII, not a surrogate: only letters and digits get here) as UTF-8,
    each byte percent-encoded as ``urllib.parse.quote`` writes it."""
    if code < 0x800:
        n = _percent(out, n, 0xC0 | (code >> 6))
    elif code < 0x10000:
        n = _percent(out, n, 0xE0 | (code >> 12))
        n = _percent(out, n, 0x80 | ((code >> 6) & 0x3F))
    else:
        n = _percent(out, n, 0xF0 | (code >> 18))
        n = _percent(out, n, 0x80 | ((code >> 12) & 0x3F))
        n = _percent(out, n, 0x80 | ((code >> 6) & 0x3F))
    return _percent(out, n, 0x80 | (code & 0x3F))


def readable_slug(str text) -> str:
    """The slug of ``text`` with its letters outside ASCII percent-encoded as UTF-8."""
    cdef Py_UCS4 ch
    cdef Py_ssize_t n = 0
    cdef bint apart = False  # a separator since the last character written
    # At most 12 bytes a character: four bytes of UTF-8, three characters each.
    cdef char* out = <char*>PyMem_Malloc(len(text) * 12 + 1)
    if out is NULL:
        raise MemoryError()
    try:
        for ch in text:
            if ch == u"_" or ch == u"-" or Py_UNICODE_ISSPACE(ch):
                apart = n > 0
            elif Py_UNICODE_ISALNUM(ch):
                if apart:
                    out[n] = b"-"
                    n += 1
                    apart = False
                if ch < 128:
                    out[n] = <char>ch
                    n += 1
                else:
                    n = _encoded(out, n, <unsigned int>ch)
        return out[:n].decode("ascii")
    finally:
        PyMem_Free(out)
