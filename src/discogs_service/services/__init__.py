"""Use cases in plain Python. Each takes the storage it needs and raises ``errors.*``."""
