"""The one refresh of the derived stores after a commit: check the previous generation's
files against the manifest, write the new generation's into a folder of their own (updated
from the previous stores where the commit only appended, rebuilt otherwise, linked where
unchanged), and switch the manifest to it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from search.store import manifest
from search.store.changes import ChangeSet


class Stores:
    """The derived stores (postings, facets, near-duplicate groups) of an index run: the
    previous generation's, checked against the manifest, and the one call that writes the new
    generation's and switches."""

    def __init__(
        self,
        location: Path,
        generation: int,
        say: Callable[[str], None],
        *,
        trusted: bool = False,
    ) -> None:
        """``trusted``: this process wrote the generation's files a moment ago under the
        index's lock (a run's next batch), so they are not read back to be checked."""
        self.location = location
        current = manifest.read(location)
        self.current = current if current is not None and current.generation == generation else None
        self.generation = generation
        self.damaged: list[str] = []
        self._table: Any = None
        if self.current is not None and not trusted:
            self._check_whoosh()
            self.damaged = manifest.damaged(self.current, location, self.current.files)
            for name in self.damaged:
                say(
                    f"warning: {self.current.path(location) / name} is damaged; "
                    "its store is rebuilt from the index"
                )
            self.damaged += self._outdated(self.current.path(location))

    def _check_whoosh(self) -> None:
        """IndexDamagedError naming a Whoosh file that no longer holds what the last commit
        wrote (a run reads no stored article when nothing changed, so it checks instead)."""
        from search.errors import IndexDamagedError
        from search.store.whoosh_index import REBUILD_HINT

        assert self.current is not None
        bad = manifest.whoosh_damaged(self.current, self.location)
        if bad:
            raise IndexDamagedError(
                f"the index at {self.location} is damaged: {self.location / bad[0]} does not "
                f"hold what the last commit wrote (its size or checksum differs); {REBUILD_HINT}"
            )

    def _outdated(self, folder: Path) -> list[str]:
        """The stores of ``folder`` written by another version (rebuilt like damaged ones)."""
        from search.store import articles, facets, near_duplicates, postings

        old = []
        self._table = articles.load(folder, self.generation)  # read once, kept for `articles`
        if self._table is None:
            old.append(articles.TABLE_FILE)
        if facets.load_store(folder, self.generation) is None:
            old.append("facets.json")
        if postings.load(folder, self.generation) is None:
            old.append("postings.json")
        if near_duplicates.load_leaders(folder, self.generation) is None:
            old.append(near_duplicates.META_FILE)
        return old

    def _usable(self, prefix: str) -> Path | None:
        if self.current is None or any(n.startswith(prefix) for n in self.damaged):
            return None
        return self.current.path(self.location)

    def articles(self) -> Any:
        """The previous generation's article table, None when it is not whole."""
        from search.store import articles

        folder = self._usable("articles")
        if folder is None:
            return None
        if self._table is None:
            self._table = articles.load(folder, self.generation)
        return self._table

    def postings(self) -> Any:
        from search.store import postings

        folder = self._usable("postings")
        return None if folder is None else postings.load(folder, self.generation)

    def refresh(self, ix: Any, change: ChangeSet, *, user: Any) -> None:
        """Bring every derived store to the index's latest generation from ``change`` (what the
        commit changed, `changes.ChangeSet`) in a new folder and make the manifest name it;
        nothing when the current stores are whole and nothing changed. Appended articles
        extend the previous stores by number; renumbered ones rebuild them by id."""
        from search.store import articles as article_table
        from search.store import facet_build, facets, near_duplicates, postings_build, whoosh_index

        if not change.changed and self.current is not None and not self.damaged:
            return
        folder = manifest.new_folder(self.location, change.generation)
        try:
            old_facets = self._usable("facets")
            previous_raw = None
            if old_facets is not None and change.appended is not None:
                previous_raw = facets.load_raw(old_facets, self.generation)
            if change.changed or old_facets is None:
                if change.appended is not None and previous_raw is not None:
                    facet_build.update_store(
                        ix,
                        folder,
                        previous_raw,
                        change.appended,
                        user=user,
                        previous_folder=old_facets,
                        previous_generation=self.generation,
                    )
                else:
                    facet_build.build_store(ix, folder, user=user)
            else:
                manifest.link_files(old_facets, folder, prefix="facets")
            previous = self.postings()
            if change.changed or previous is None:
                postings_build.refresh(
                    ix,
                    folder,
                    change.collector,
                    previous=previous,
                    previous_docnums=change.previous_docnums,
                    appended=change.appended,
                )
            else:
                manifest.link_files(self._usable("postings") or folder, folder, prefix="postings")
            old_groups = self._usable("neardup")
            if change.changed or old_groups is None:
                near_duplicates.refresh(
                    ix,
                    folder,
                    generation=change.generation,
                    ids=change.articles.ids,
                    new=change.signatures,
                    previous_folder=old_groups,
                    previous_generation=self.generation,
                    previous_docnums=change.previous_docnums,
                    appended=change.appended is not None,
                )
            else:
                manifest.link_files(old_groups, folder, prefix="neardup")
            old_table = self._usable("articles")  # checked when read, or written by this run
            extends = None
            if change.appended is not None and old_table is not None:
                extends = (old_table, self.generation, change.appended.base)
            table = replace(change.articles, generation=change.generation)
            article_table.write(folder, table, extends=extends)
            whole = whoosh_index.files_of(self.location, ix)
            before = manifest.read(self.location)
            manifest.switch(self.location, change.generation, folder, whoosh=whole, previous=before)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
