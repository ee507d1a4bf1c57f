"""Alembic migrations, configured in code (see ``storage.migrate``); no alembic.ini needed."""
