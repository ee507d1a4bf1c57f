"""Who is calling: credentials in every form the Discogs API accepts, accounts, OAuth 1.0a."""
