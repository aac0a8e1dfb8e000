"""A page's metadata as newsidx keeps it: title, URL, date, author and site name.

Read with trafilatura's own readers, in the order `trafilatura.extract_metadata` runs them,
less the three it also runs whose results newsidx never keeps (categories, tags, licence):
those scan every link of the page and cost about a quarter of the metadata pass (a tenth of
the whole HTML cleaner) on the aeb pages. `tests/test_cleaning_metadata.py` holds the fields
equal to trafilatura's own pass, so a change in its readers shows there; a trafilatura whose
readers are not where this module looks for them (they are not its documented interface) is
read through its public `extract_metadata` instead: slower, never wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageMetadata:
    title: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    sitename: str | None = None


def read_metadata(tree: Any, default_url: str | None = None) -> PageMetadata:
    """The metadata of a parsed page (an lxml HTML tree, as trafilatura's `load_html` makes)."""
    try:
        from htmldate import find_date
        from trafilatura.metadata import (
            META_URL,
            examine_meta,
            extract_author,
            extract_meta_json,
            extract_sitename,
            extract_title,
            extract_url,
        )
        from trafilatura.settings import set_date_params
    except ImportError:
        return _through_public_pass(tree, default_url)

    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # a one-word author is a site's handle, as trafilatura reads it
    try:
        found = extract_meta_json(tree, found)
    except Exception:  # trafilatura guards its JSON-LD reader the same way
        pass
    if not found.title:
        found.title = extract_title(tree)
    if not found.author:
        found.author = extract_author(tree)
    if not found.url:
        found.url = extract_url(tree, default_url)
    date_config = set_date_params(True)
    date_config["url"] = found.url
    found.date = find_date(tree, **date_config)
    if not found.sitename:
        found.sitename = extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url:
        match = META_URL.match(found.url)
        if match:
            found.sitename = match[1]
    found.clean_and_trim()
    return _kept(found)


def _through_public_pass(tree: Any, default_url: str | None) -> PageMetadata:
    """The same fields through trafilatura's public metadata pass (which reads more)."""
    import trafilatura

    found = trafilatura.extract_metadata(tree, default_url=default_url)
    return _kept(found) if found is not None else PageMetadata(url=default_url)


def _kept(found: Any) -> PageMetadata:
    """The fields newsidx keeps of a trafilatura `Document`."""
    return PageMetadata(
        title=found.title,
        url=found.url,
        date=found.date,
        author=found.author,
        sitename=found.sitename,
    )
