"""The compiled part of the package, beside pyproject.toml (which says everything else).

``importer/records/native.pyx`` reads a release's fields from the tree lxml parsed, in C
(a fifth of an import worker's CPU: benchmarks/README.md, "A compiled reader"). It is built
against lxml's own headers, so it needs Cython and lxml at build time. It is optional: where
it cannot be built (no compiler), the package installs without it and the importer reads
every record with the Python reader it is checked against.
"""

from setuptools import Extension, setup


def _compiled_reader() -> list[Extension]:
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError:
        return []
    reader = Extension(
        "discogs_service.importer.records.native",
        ["src/discogs_service/importer/records/native.pyx"],
        include_dirs=lxml.get_include(),
    )
    extensions: list[Extension] = cythonize([reader], quiet=True)
    for extension in extensions:
        extension.optional = True  # a failed compile skips it (cythonize drops this flag)
    return extensions


setup(ext_modules=_compiled_reader())
