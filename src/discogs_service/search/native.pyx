# cython: language_level=3, boundscheck=False, wraparound=False
"""``text.field_text`` compiled, built by setup.py.

``text.python_field_text`` is the reference: this returns exactly what it returns (the tests
compare the two on made-up values of every kind). Most catalogue text is ASCII, and its
fold is one table lookup a character. A character that is not ASCII is folded once per
process by ``text.folded_character`` (to UTF-8) and looked up after. A value without any
letter or digit (named by its symbols) goes through ``text.tokens``.

The field's text is written into one buffer as its tokens are read, each token once (a
hash set of the tokens written), and becomes a Python string at the end: a token is not
made a Python string of its own, kept in a dict and joined. 79 tokens a release (the
150,000-release synthetic file): 27-29 us a release's fields with a string and a dict entry
per token, 18-21 us written once, 8.7-9.1 us with the values of other scripts read here too
(those two with a test run busy beside them).
"""

from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdint cimport uint64_t
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcmp, memcpy

from discogs_service.search import text

cdef extern from "Python.h":
    const char* PyUnicode_AsUTF8AndSize(object unicode, Py_ssize_t* size) except NULL
    bint PyUnicode_IS_ASCII(object unicode)

cdef enum:
    _SPACE = -1  # ends a token
    _DROP = -2  # an apostrophe: "What's" is "whats"
    _MAX_TOKEN = 64  # characters
    _MAX_TOKEN_BYTES = 256  # of UTF-8
    _FIRST_SLOTS = 64  # a power of two

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


cdef inline uint64_t _hash(const char* data, Py_ssize_t length) noexcept:
    """FNV-1a."""
    cdef uint64_t h = 14695981039346656037ULL
    cdef Py_ssize_t i
    for i in range(length):
        h = (h ^ <unsigned char>data[i]) * 1099511628211ULL
    return h


cdef class _DistinctText:
    """Tokens written once each, in the order first met, separated by spaces (UTF-8)."""
    cdef char* text
    cdef Py_ssize_t size, capacity
    cdef Py_ssize_t* starts  # the hash set: a token's start in text, -1 for a free slot
    cdef Py_ssize_t* lengths
    cdef Py_ssize_t mask, count

    def __cinit__(self):
        self.capacity = 256
        self.text = <char*>malloc(self.capacity)
        self.mask = _FIRST_SLOTS - 1
        self.starts = <Py_ssize_t*>malloc(_FIRST_SLOTS * sizeof(Py_ssize_t))
        self.lengths = <Py_ssize_t*>malloc(_FIRST_SLOTS * sizeof(Py_ssize_t))
        if self.text == NULL or self.starts == NULL or self.lengths == NULL:
            raise MemoryError()
        cdef Py_ssize_t i
        for i in range(_FIRST_SLOTS):
            self.starts[i] = -1

    def __dealloc__(self):
        free(self.text)
        free(self.starts)
        free(self.lengths)

    cdef int add(self, const char* data, Py_ssize_t length) except -1:
        """The token, unless it is written already."""
        cdef Py_ssize_t slot = _hash(data, length) & self.mask
        while self.starts[slot] != -1:
            if (
                self.lengths[slot] == length
                and memcmp(self.text + self.starts[slot], data, length) == 0
            ):
                return 0
            slot = (slot + 1) & self.mask
        self._reserve(length + 1)
        if self.size:
            self.text[self.size] = b" "
            self.size += 1
        memcpy(self.text + self.size, data, length)
        self.starts[slot] = self.size
        self.lengths[slot] = length
        self.size += length
        self.count += 1
        if self.count * 2 > self.mask:
            self._grow_slots()
        return 0

    cdef int _reserve(self, Py_ssize_t more) except -1:
        cdef char* grown
        if self.size + more <= self.capacity:
            return 0
        while self.size + more > self.capacity:
            self.capacity *= 2
        grown = <char*>realloc(self.text, self.capacity)
        if grown == NULL:
            raise MemoryError()
        self.text = grown
        return 0

    cdef int _grow_slots(self) except -1:
        cdef Py_ssize_t old_slots = self.mask + 1, slots = old_slots * 2, i, slot
        cdef Py_ssize_t* starts = <Py_ssize_t*>malloc(slots * sizeof(Py_ssize_t))
        cdef Py_ssize_t* lengths = <Py_ssize_t*>malloc(slots * sizeof(Py_ssize_t))
        if starts == NULL or lengths == NULL:
            free(starts)
            free(lengths)
            raise MemoryError()
        for i in range(slots):
            starts[i] = -1
        for i in range(old_slots):
            if self.starts[i] == -1:
                continue
            slot = _hash(self.text + self.starts[i], self.lengths[i]) & (slots - 1)
            while starts[slot] != -1:
                slot = (slot + 1) & (slots - 1)
            starts[slot] = self.starts[i]
            lengths[slot] = self.lengths[i]
        free(self.starts)
        free(self.lengths)
        self.starts, self.lengths, self.mask = starts, lengths, slots - 1
        return 0

    cdef str as_text(self):
        return PyUnicode_DecodeUTF8(self.text, self.size, NULL)


cdef class _Field:
    """One index field's text, read from its values a folded byte at a time."""
    cdef _DistinctText written
    # The token being read, and the value's tokens so far joined (its compact form): UTF-8,
    # their lengths in bytes and in characters.
    cdef char token[_MAX_TOKEN_BYTES]
    cdef char joined[_MAX_TOKEN_BYTES]
    cdef int length, characters, joined_length, joined_characters, value_tokens
    cdef bint in_token, cut

    def __cinit__(self):
        self.written = _DistinctText()

    cdef inline void start_value(self) noexcept:
        self.length = self.characters = self.value_tokens = 0
        self.joined_length = self.joined_characters = 0
        self.in_token = False

    cdef inline int put(self, int folded) except -1:
        """One byte of the value's fold (UTF-8), or a space or a drop."""
        if folded == _DROP:
            return 0
        if folded == _SPACE:
            return self.end_token()
        self.in_token = True
        if folded < 0x80 or folded >= 0xC0:  # a character's first byte
            self.cut = self.characters == _MAX_TOKEN
            if self.cut:
                return 0
            self.characters += 1
        elif self.cut:
            return 0
        self.token[self.length] = <char>folded
        self.length += 1
        return 0

    cdef int end_token(self) except -1:
        cdef int index
        cdef unsigned char byte
        if not self.in_token:
            return 0
        self.written.add(self.token, self.length)
        for index in range(self.length):  # the compact form: the first 64 characters
            byte = self.token[index]
            if byte < 0x80 or byte >= 0xC0:
                if self.joined_characters == _MAX_TOKEN:
                    break
                self.joined_characters += 1
            self.joined[self.joined_length] = <char>byte
            self.joined_length += 1
        self.value_tokens += 1
        self.in_token = False
        self.length = self.characters = 0
        return 0

    cdef int end_value(self, str value, bint compact) except -1:
        """The value read: its compact form, or (no token) text.tokens's naming of it."""
        self.end_token()
        if self.value_tokens == 0:
            return self.add_tokens(_tokens(value), compact)  # symbols only, or nothing
        if compact and self.value_tokens > 1:
            self.written.add(self.joined, self.joined_length)
        return 0

    cdef int add_tokens(self, list found, bint compact) except -1:
        """A value's tokens as text.tokens gives them."""
        for token in found:
            self.add_str(token)
        if compact and len(found) > 1:
            self.add_str("".join(found)[:_MAX_TOKEN])
        return 0

    cdef int add_str(self, str token) except -1:
        cdef Py_ssize_t length
        cdef const char* data = PyUnicode_AsUTF8AndSize(token, &length)
        return self.written.add(data, length)


cdef int _read_ascii(_Field field, str value, bint compact) except -1:
    cdef Py_ssize_t size, index
    cdef const char* data = PyUnicode_AsUTF8AndSize(value, &size)
    field.start_value()
    for index in range(size):
        field.put(_FOLD[<unsigned char>data[index]])
    return field.end_value(value, compact)


cdef int _read_unicode(_Field field, str value, bint compact) except -1:
    cdef Py_UCS4 character
    cdef object folded
    cdef unsigned char byte
    field.start_value()
    for character in value:
        if character < 128:
            field.put(_FOLD[character])
            continue
        folded = _CHARACTER_FOLDS.get(character)
        if folded is None:
            folded = _CHARACTER_FOLDS[character] = _folded_character(chr(character))
        for byte in <bytes>folded:
            field.put(_SPACE if byte == 0x20 else <int>byte)
    return field.end_value(value, compact)


def field_text(values, bint compact=False):
    """``text.field_text(values, compact=compact)``."""
    cdef _Field field = _Field()
    cdef str string
    for value in values:
        if not value:
            continue
        string = value  # a TypeError for anything but text
        if PyUnicode_IS_ASCII(string):
            _read_ascii(field, string, compact)
        else:
            _read_unicode(field, string, compact)
    return field.written.as_text()
