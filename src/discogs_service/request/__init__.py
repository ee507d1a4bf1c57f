"""Reading a request, shared by the API and the web pages: its facts (read once by the
entry points from ASGI or RSGI), the client address behind trusted proxies, its body."""
