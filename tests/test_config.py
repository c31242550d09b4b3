from ccl_youth.config import from_environment, normalise_database_url


def test_environment_keys_map_to_settings():
    env = {
        "SECRET_KEY": "s",
        "DATABASE_URL": "postgresql://u@h/db",
        "REDIS_URL": "redis://h:6379/0",
        "CCL_SESSION_COOKIE_SECURE": "false",
        "CCL_ROSTER_PAGE_SIZE": "25",
        "HOME": "/root",
    }
    assert from_environment(env) == {
        "SECRET_KEY": "s",
        "SQLALCHEMY_DATABASE_URI": "postgresql://u@h/db",
        "REDIS_URL": "redis://h:6379/0",
        "SESSION_COOKIE_SECURE": False,
        "ROSTER_PAGE_SIZE": 25,
    }


def test_postgres_urls_use_psycopg3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_instance_config_sits_between_defaults_and_environment(tmp_path, monkeypatch):
    from ccl_youth import create_app

    (tmp_path / "config.py").write_text("ROSTER_PAGE_SIZE = 7\nAPI_MAX_PAGE_SIZE = 9\n")
    monkeypatch.setenv("CCL_API_MAX_PAGE_SIZE", "11")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    import flask

    original = flask.Flask.__init__

    def with_instance(self, *args, **kwargs):
        kwargs["instance_path"] = str(tmp_path)
        original(self, *args, **kwargs)

    monkeypatch.setattr(flask.Flask, "__init__", with_instance)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.db"})
    assert app.config["ROSTER_PAGE_SIZE"] == 7  # instance file over defaults
    assert app.config["API_MAX_PAGE_SIZE"] == 11  # environment over instance file
    assert app.config["SECRET_KEY"] == "from-env"
