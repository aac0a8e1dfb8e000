"""What one commit changed, worked out once and handed to every derived store.

An index run computes a `ChangeSet` after its commit: the new generation, the article table,
each article's number before the commit, the text the run analysed and sketched (its
near-duplicate signatures, `near_duplicates`) and the commit's shape (`Appended` when Whoosh only
appended, so every earlier article kept its number; None when a merge renumbered articles).
`refresh.Stores.refresh` brings the postings, facets, near-duplicate groups and article table
to the new generation from it, and no store decides for itself what changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from search.store.articles import ArticleTable
    from search.store.postings_build import Collector


@dataclass(frozen=True)
class Appended:
    """The shape of a commit that only appended documents: every earlier document kept its
    number, the new ones follow in the order added."""

    base: int  # the number of the first new document (documents before the commit)
    live: npt.NDArray[np.bool_]  # by document number, after the commit
    published: npt.NDArray[np.int64]  # date ordinals of the new documents
    added: npt.NDArray[np.int64]  # the generations that wrote them


@dataclass(frozen=True)
class ChangeSet:
    """One commit, for the derived stores. ``changed`` False: the run committed nothing, so
    the stores are kept (or rebuilt where damaged)."""

    generation: int
    articles: ArticleTable  # the new generation's table
    collector: Collector  # the analysed text of the articles written in the run
    changed: bool = True
    appended: Appended | None = None  # None: documents were renumbered (or nothing is known)
    previous_docnums: Mapping[str, int] = field(default_factory=dict)  # id -> number before
    signatures: Mapping[str, npt.NDArray[np.uint32]] = field(default_factory=dict)  # the run's
