"""The ``discogs-service`` command (its commands: ``cli.app``).

The commands load when the command runs, not when this package is imported. An import's
worker processes are forked from multiprocessing's fork server, which first imports the
program's main module, the ``discogs-service`` script: that script imports this package, and
the commands' modules (SQLAlchemy, Alembic, Rich, Starlette: 0.85 s of a core) are no use to
a worker (``importer.workers``).
"""

from __future__ import annotations


def main() -> None:
    from discogs_service.cli.app import app

    app()
