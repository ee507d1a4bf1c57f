"""Accounts: users, their sign-in and sessions, personal tokens, applications and the OAuth
token records, and the secrets behind them - what the CLI, the web pages and the request
side of authentication (``auth``) all come through.

    service.py     Accounts: the use cases
    identity.py    Identity: who a caller is (nobody, an application, a user)
    crypto.py      random tokens, digests, the box that encrypts secrets HMAC-SHA1 needs
    passwords.py   argon2 hashes and the password rules
"""
