"""The compiled parts of the package, beside pyproject.toml (which says everything else).

Three Cython modules take an import worker's hottest Python off the interpreter
(benchmarks/README.md, "A compiled reader"):
* ``importer/records/native.pyx`` reads a release's fields from the tree lxml parsed, built
  against lxml's own headers (so Cython and lxml are needed at build time);
* ``importer/records/slugs.pyx`` writes the readable part of every record's ``uri``;
* ``search/native.pyx`` folds and splits the search index's text.
Both are optional: where they cannot be built (no compiler), the package installs without
them and runs the Python code they are checked against.
"""

from setuptools import Extension, setup


def _compiled_parts() -> list[Extension]:
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
    slugs = Extension(
        "discogs_service.importer.records.slugs", ["src/discogs_service/importer/records/slugs.pyx"]
    )
    search_text = Extension(
        "discogs_service.search.native", ["src/discogs_service/search/native.pyx"]
    )
    extensions: list[Extension] = cythonize([reader, slugs, search_text], quiet=True)
    for extension in extensions:
        extension.optional = True  # a failed compile skips it (cythonize drops this flag)
    return extensions


setup(ext_modules=_compiled_parts())
