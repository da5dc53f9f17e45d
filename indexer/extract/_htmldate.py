"""htmldate as the last step of the date ladder: its extensive search over the page."""

from __future__ import annotations

import copy
import logging
from datetime import UTC, datetime

from htmldate import find_date

from ._page import Page

log = logging.getLogger(__name__)
logging.getLogger("htmldate").setLevel(logging.WARNING)


def find_date_htmldate(page: Page, url: str | None = None) -> datetime | None:
    """The original publication day htmldate finds in the page, or None (never raises)."""
    try:  # htmldate cleans the tree it is given: give it a copy
        found = find_date(
            copy.deepcopy(page.tree), original_date=True, extensive_search=True, url=url or page.url
        )
    except Exception as error:  # noqa: BLE001 - a third-party failure is only "no date"
        log.debug("htmldate failed: %r", error)
        return None
    if not found:
        return None
    try:
        return datetime.strptime(found, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None
