"""The web pages of the service: sign-in, the OAuth authorisation page and the developer
settings (personal tokens, applications, authorisations). Plain HTML forms that work without
JavaScript, with CSRF protection and secure session cookies; mounted into the API's app."""
