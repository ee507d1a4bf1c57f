"""discogs-service: a self-hosted Discogs API v2 and a typed client for it."""

__version__ = "0.1.0"
