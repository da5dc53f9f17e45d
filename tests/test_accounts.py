"""archive.accounts: users, roles, passwords, API tokens and feed tokens in archive.db."""

from __future__ import annotations

import sqlite3

import pytest

from archive import accounts, saved
from archive.errors import NotFoundError
from archive.search import SearchRequest
from archive.store import open_archive

PASSWORD = "correct horse battery"


@pytest.fixture
def archive(tmp_path):
    archive = open_archive(tmp_path / "arc")
    yield archive
    archive.close()


def test_users_are_added_listed_and_their_passwords_are_hashed_with_scrypt(archive):
    accounts.add_user(archive, "alice", "admin", PASSWORD)
    accounts.add_user(archive, "bob", "viewer", PASSWORD)
    assert [(u.name, u.role) for u in accounts.list_users(archive)] == [
        ("alice", "admin"),
        ("bob", "viewer"),
    ]
    stored = archive.db.execute("SELECT password_hash FROM users WHERE name = 'bob'").fetchone()[0]
    assert stored.startswith("scrypt:") and PASSWORD not in stored
    assert accounts.authenticate(archive, "bob", PASSWORD).name == "bob"
    assert accounts.authenticate(archive, "bob", "wrong password") is None
    assert accounts.authenticate(archive, "nobody", PASSWORD) is None


@pytest.mark.parametrize(
    "name, role, password, message",
    [
        ("alice", "admin", PASSWORD, "exists already"),
        ("ALICE", "viewer", PASSWORD, "exists already"),  # names ignore case
        ("carol", "owner", PASSWORD, "Unknown role 'owner'"),
        ("carol", "viewer", "short", "at least 10 characters"),
        ("bad name", "viewer", PASSWORD, "letters, digits"),
    ],
)
def test_bad_user_requests_are_explained(archive, name, role, password, message):
    accounts.add_user(archive, "alice", "admin", PASSWORD)
    with pytest.raises(accounts.AccountError, match=message):
        accounts.add_user(archive, name, role, password)


def test_the_last_admin_cannot_be_demoted_or_removed(archive):
    accounts.add_user(archive, "alice", "admin", PASSWORD)
    with pytest.raises(accounts.AccountError, match="only admin"):
        accounts.set_role(archive, "alice", "editor")
    with pytest.raises(accounts.AccountError, match="only admin"):
        accounts.remove_user(archive, "alice")
    accounts.add_user(archive, "bob", "admin", PASSWORD)
    assert accounts.set_role(archive, "alice", "editor").role == "editor"


def test_tokens_are_stored_hashed_shown_once_and_revocable(archive):
    accounts.add_user(archive, "alice", "viewer", PASSWORD)
    token, secret = accounts.create_token(archive, "alice", "nightly export")
    assert secret.startswith("na_") and len(secret) > 40
    dump = "\n".join(archive.db.iterdump())
    assert secret not in dump
    use = accounts.use_token(archive, secret)
    assert use.user.name == "alice" and use.first_today and use.token.name == "nightly export"
    assert accounts.list_tokens(archive, "alice")[0].last_used is not None
    assert not accounts.use_token(archive, secret).first_today  # once a day in the log
    accounts.revoke_token(archive, token.id)
    assert accounts.use_token(archive, secret) is None
    assert accounts.use_token(archive, "na_" + "x" * 43) is None
    with pytest.raises(NotFoundError):
        accounts.revoke_token(archive, token.id)


def test_a_removed_user_loses_sessions_tokens_and_feed_links_at_once(archive):
    accounts.add_user(archive, "alice", "admin", PASSWORD)
    bob = accounts.add_user(archive, "bob", "editor", PASSWORD)
    _, secret = accounts.create_token(archive, "bob", "script")
    assert accounts.user_for_session(archive, bob.id, bob.session_key) == bob
    accounts.remove_user(archive, "bob")
    assert accounts.user_for_session(archive, bob.id, bob.session_key) is None
    assert accounts.use_token(archive, secret) is None
    assert accounts.user_for_feed_token(archive, bob.feed_token) is None
    # a new user of the same name is not the old one: ids are never reused
    again = accounts.add_user(archive, "bob", "viewer", PASSWORD)
    assert (
        again.id != bob.id and accounts.user_for_session(archive, bob.id, bob.session_key) is None
    )


def test_a_password_reset_ends_sessions_and_a_feed_reset_ends_feed_links(archive):
    bob = accounts.add_user(archive, "bob", "editor", PASSWORD)
    accounts.reset_password(archive, "bob", "another password")
    assert accounts.user_for_session(archive, bob.id, bob.session_key) is None
    assert accounts.authenticate(archive, "bob", "another password") is not None
    accounts.reset_feed_token(archive, "bob")
    assert accounts.user_for_feed_token(archive, bob.feed_token) is None


def test_saved_searches_from_before_accounts_become_shared_ones_of_the_first_admin(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / "archive.db")  # the saved_searches table before accounts
    conn.execute("CREATE TABLE saved_searches (name TEXT PRIMARY KEY, params TEXT, created TEXT)")
    conn.execute("INSERT INTO saved_searches VALUES ('Ports', 'q=port', '2026-01-01T00:00:00')")
    conn.commit()
    conn.close()
    archive = open_archive(folder)
    [entry] = saved.entries(archive)
    assert entry.owner == "" and entry.shared
    accounts.add_user(archive, "vera", "viewer", PASSWORD)
    accounts.add_user(archive, "alice", "admin", PASSWORD)
    accounts.add_user(archive, "zoe", "admin", PASSWORD)
    [entry] = saved.entries(archive)
    assert (entry.owner, entry.shared) == ("alice", True)
    vera = accounts.get_user(archive, "vera")
    assert [e.name for e in saved.entries(archive, vera)] == ["Ports"]
    assert not saved.can_change(vera, entry)
    archive.close()


def test_private_saved_searches_are_seen_by_their_owner_only(archive):
    eve = accounts.add_user(archive, "eve", "editor", PASSWORD)
    ed = accounts.add_user(archive, "ed", "editor", PASSWORD)
    saved.save(archive, "Mine", SearchRequest(q="port"), user=eve, shared=False)
    assert [e.name for e in saved.entries(archive, eve)] == ["Mine"]
    assert saved.entries(archive, ed) == []
    with pytest.raises(NotFoundError):
        saved.load(archive, "Mine", ed)
    assert saved.delete(archive, "Mine", ed) is False
