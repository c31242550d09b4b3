"""Entry point for WSGI servers: ``gunicorn wsgi:app``."""

from ccl_youth import create_app

app = create_app()
