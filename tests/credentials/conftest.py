from tests.credentials.support import catalog_in_app, content  # noqa: F401  (fixtures)
