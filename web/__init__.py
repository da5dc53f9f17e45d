"""The web front end: each module registers its own blueprint and hooks.

``init_app(app)`` wires everything onto an application built by ``app.create_app``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from web import api, articles, errors, exports, helpers, saved, search_pages, security

    helpers.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(search_pages.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(saved.bp)
    app.register_blueprint(api.bp)
