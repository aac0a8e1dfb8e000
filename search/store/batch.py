"""One batch of an index run: the articles written since the last commit, and the commit
that makes them searchable — Whoosh's, then every derived store brought to the new generation
from the commit's `ChangeSet`, then the extraction cache. A run that is killed keeps every
batch it committed; rerun, it finds them unchanged."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from search import schema
from search.errors import IndexDamagedError
from search.ingest import COMMIT_SECONDS
from search.models import Article, Entities
from search.store import near_duplicates, refresh
from search.store import whoosh_index as wi
from search.store.changes import ChangeSet

ProgressFn = Callable[[str], None]


def document_fields(
    article: Article,
    entities: Entities,
    added: int,
    also: Sequence[str] = (),
    raw_hash: str = "",
    body_hash: str | None = None,
) -> dict[str, Any]:
    """The Whoosh fields of one article (`whoosh_index.build_schema` says what each holds);
    ``body_hash``: `schema.body_hash` of its body when the caller has it."""
    published = None
    if article.published:
        published = datetime.fromisoformat(article.published)
    fields: dict[str, Any] = {
        "id": article.id,
        "path": article.path,
        "url": article.url,
        "title": article.title,
        "body_z": schema.pack_body(article.body),
        "person": schema.keyword_value(entities.persons),
        "country": schema.keyword_value(tuple(c.code for c in entities.countries)),
        "country_names": [c.name for c in entities.countries],
        "about": schema.keyword_value(entities.about),
        "org": schema.keyword_value(entities.orgs),
        "source": schema.keyword_value((article.source,) if article.source else ()),
        "content_hash": article.content_hash,
        "byline": article.byline,
        "language": article.language,
        "mentions": json.dumps(entities.mentions, ensure_ascii=False),
    }
    if article.fields:
        fields[schema.FIELDS_FIELD] = json.dumps(dict(article.fields), ensure_ascii=False)
    fields[schema.ADDED_FIELD] = added
    fields[schema.BODY_HASH_FIELD] = (
        schema.body_hash(article.body) if body_hash is None else body_hash
    )
    fields[schema.ALSO_FIELD] = list(also)
    fields[schema.RAW_HASH_FIELD] = raw_hash
    if published is not None:
        fields["published"] = published.date().isoformat()  # an ISO date: 10 bytes stored
    return fields


def scanned(ix: Any, location: Path) -> Any:
    """The article table read from every stored article (when no table of this generation is
    at hand: an index made before tables, a damaged one, after a merge renumbered articles)."""
    from search.store import articles

    try:
        return articles.from_stored(
            ix.latest_generation(), wi.document_count(ix), wi.stored_documents(ix)
        )
    except Exception as exc:  # noqa: BLE001 - whatever a damaged segment file raises
        raise wi.damage(location, exc) from exc


class Batch:
    """The articles a run has written since its last commit, and the commit that makes them
    searchable: Whoosh's, then every derived store brought to the new generation, then the
    extraction cache. A run that is killed keeps every batch it committed; rerun, it skips
    them as unchanged."""

    def __init__(
        self, target: Path, home: Path, say: ProgressFn, table: Any = None, deleted: int = 0
    ) -> None:
        from search.store import postings_build

        self.target, self.home, self.say = target, home, say
        self.ix = wi.create_or_open(target, fresh=False)
        # Whoosh's files and the stores are checked against the manifest, but not those this
        # run's previous batch has just written (``table`` handed on)
        generation = self.ix.latest_generation()
        self.stores = refresh.Stores(target, generation, say, trusted=table is not None)
        try:
            self.base = wi.document_count(self.ix)
            self.table = table or self.stores.articles() or scanned(self.ix, target)
            self.before = wi.segments_of(self.ix)
            self.writer = wi.writer(self.ix)
        except IndexDamagedError:
            wi.close_files(self.ix)
            raise
        except Exception as exc:  # noqa: BLE001 - whatever a damaged segment file raises
            wi.close_files(self.ix)
            raise wi.damage(target, exc) from exc
        self.collector = postings_build.Collector()
        # id → near-duplicate signature (`near_duplicates`) of each article written; one
        # relocated keeps the one the store has for it
        self.signatures: dict[str, Any] = {}
        self.written: list[Any] = []  # article table rows, in the order written
        self.deleted = deleted  # in this run, by this batch and those before it
        self.deletes = 0  # by this batch
        self.started = time.monotonic()

    def add(
        self,
        article: Article,
        entities: Entities,
        stamp: int,
        *,
        update: bool,
        also: Sequence[str] = (),
        raw_hash: str = "",
        body_hash: str | None = None,
    ) -> None:
        fields = document_fields(article, entities, stamp, also, raw_hash, body_hash)
        self.collector.add(article.id, {"title": article.title, "body": article.body})
        self.signatures[article.id] = near_duplicates.signature(article.body)
        self._written(fields)
        replaced = self._number_of(article.id) if update else None
        if replaced is not None:  # by number: Whoosh's update opens a searcher for each
            self.writer.delete_document(replaced)
            self.writer.add_document(**fields)
        elif update:
            self.writer.update_document(**fields)
        else:
            self.writer.add_document(**fields)

    def _number_of(self, doc_id: str) -> int | None:
        """The document number of an indexed article (before this batch), None if none."""
        return self.table.numbers.get(doc_id)  # type: ignore[no-any-return]

    def relocate(self, moves: Mapping[int, tuple[str, Sequence[str]]]) -> None:
        """Write indexed articles again, as they are, with another path and other copies
        (document number → (path, other paths)); their stored fields read in one pass."""
        for docnum, stored in wi.stored_documents(self.ix, sorted(moves)):
            fields = dict(stored)
            fields["path"], also = moves[docnum]
            fields[schema.ALSO_FIELD] = list(also)
            body = schema.stored_body(fields)
            if not fields.get(schema.BODY_HASH_FIELD):  # written before bodies were hashed
                fields[schema.BODY_HASH_FIELD] = schema.body_hash(body)
            self.collector.add(fields["id"], {"title": fields.get("title") or "", "body": body})
            self._written(fields)
            self.writer.delete_document(docnum)
            self.writer.add_document(**fields)

    def _written(self, fields: dict[str, Any]) -> None:
        from search.store import articles

        row = articles.Row(
            fields["id"],
            fields.get("content_hash") or "",
            fields["path"],
            int(fields.get(schema.ADDED_FIELD) or 0),
            fields.get(schema.BODY_HASH_FIELD) or "",
            tuple(fields.get(schema.ALSO_FIELD) or ()),
            fields.get(schema.RAW_HASH_FIELD) or "",
        )
        self.written.append(row)

    def delete(self, doc_id: str) -> None:
        self.writer.delete_by_term("id", doc_id)
        self.deleted += 1
        self.deletes += 1

    def due(self, every: int) -> bool:
        return len(self.written) >= every or time.monotonic() - self.started >= COMMIT_SECONDS

    def commit(self, cache: Any) -> Any:
        """Commit Whoosh (and merge its trailing segments where there are too many,
        `wi.merge`), refresh the stores from what changed, commit the cache; the article
        table of the new generation."""
        from search import aliases

        changed = bool(self.written or self.deletes)
        if changed:
            wi.commit(self.writer)
            wi.merge(self.target)  # keeps every number, so the stores are extended
        else:
            self.writer.cancel()  # a new generation would make both stores rebuild for nothing
        cache.commit()
        ix = wi.open_index(self.target)
        change = change_set(
            ix,
            self.target,
            changed,
            self.table,
            self.written,
            base=self.base,
            before=self.before,
            collector=self.collector,
            signatures=self.signatures,
        )
        self.stores.refresh(ix, change, user=aliases.load_user_aliases(self.home))
        self.ix = ix
        return change.articles

    def cancel(self) -> None:
        if not self.writer.is_closed:
            self.writer.cancel()


def change_set(
    ix: Any,
    location: Path,
    changed: bool,
    table: Any,
    written: list[Any],
    *,
    base: int,
    before: Any,
    collector: Any,
    signatures: Mapping[str, Any] | None = None,
) -> ChangeSet:
    """What the run's commit changed (``table``: the article table before it; ``written``:
    the rows of the articles the run wrote, in order; ``before``: Whoosh's segments before)."""
    if not changed:
        return ChangeSet(ix.latest_generation(), table, collector, changed=False)
    previous_docnums = table.numbers  # the table's own map, built once and shared
    shape = wi.commit_shape(ix, before, base, collector.keys)
    if shape is not None:  # every number kept: the table and stores are extended
        new_table = table.appended(ix.latest_generation(), wi.deleted(ix), written)
    else:
        new_table = scanned(ix, location)
    return ChangeSet(
        ix.latest_generation(),
        new_table,
        collector,
        True,
        shape,
        previous_docnums,
        dict(signatures or {}),
    )
