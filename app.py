"""The web application: search pages, article pages, saved searches, JSON API.

Development server::

    ARCHIVE_DIR=./my-archive flask --app app run --debug

Production: ``archive serve`` (waitress). Both build the app the same way:
``create_app(settings)`` with an ``archive.settings.Settings`` (defaults, then
``instance/config.py``, then the archive's ``config.toml``, then ``ARCHIVE_*``
environment variables, then command-line flags); tests pass a ``Settings`` too.
"""

from __future__ import annotations

from flask import Flask

from archive import Settings, load_settings
from archive.settings import check_base_url

__all__ = ["create_app", "check_base_url"]


def create_app(settings: Settings | None = None) -> Flask:
    """Build the application from ``settings`` (None: ``load_settings()``, for ``flask run``)."""
    if settings is None:
        settings = load_settings()
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(settings.flask_config)  # SECRET_KEY and the like, as Flask takes them
    app.config.setdefault("SEND_FILE_MAX_AGE_DEFAULT", 3600)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.config["MAX_FORM_PARTS"] = settings.upload_max_files + 10  # the files, and a few fields
    app.extensions["settings"] = settings
    app.json.sort_keys = False

    from indexer.limits import RunLimits
    from indexer.uploads import Uploader
    from web import init_app

    # the web package never imports the indexer: uploads reach it through this object
    app.extensions["uploader"] = Uploader(RunLimits.from_settings(settings))
    init_app(app)
    return app
