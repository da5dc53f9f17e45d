"""The web front end: each module registers its own blueprint and hooks.

``init_app(app)`` wires everything onto an application built by ``app.create_app``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from web import (
        access,
        admin,
        api,
        articles,
        auth,
        curation,
        errors,
        exports,
        helpers,
        hosts,
        saved,
        search_pages,
        security,
        sessions,
        tokens,
        uploads,
    )

    helpers.init_app(app)
    hosts.init_app(app)  # first: a request to another host name goes no further
    errors.init_app(app)  # then a lost archive.db is a clear 503 (before sessions read it)
    security.init_app(app)
    sessions.init_app(app)
    access.init_app(app)
    uploads.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(tokens.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(search_pages.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(curation.bp)  # before articles: /articles/trash is not an id
    app.register_blueprint(articles.bp)
    app.register_blueprint(saved.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(uploads.bp)
