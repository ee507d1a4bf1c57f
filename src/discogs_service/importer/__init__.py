"""Discogs XML data dumps -> rendered documents and listing rows -> batched writes.

``files`` opens and identifies a dump file, ``xmlstream`` reads its records safely and in
constant memory, ``records`` turns each record into what the API serves, ``run`` drives one
import with progress, batching, resume and the end-of-file removal rule.
"""
