"""Facet values unusually frequent in the hits compared with the whole index: Elasticsearch's
significant_terms with its default JLH score, (fg% - bg%) * fg% / bg%, where fg% is the share
of hits carrying a value and bg% the share of all articles. A value every article carries
scores 0, however often it is in the hits; a value rare in the index but common in the hits
scores high. Values carried by fewer than MIN_HITS hits are left out (chance)."""

from __future__ import annotations

from typing import Any

import numpy as np

from search.models import SignificantTerm
from search.store.facets import FacetStore, count_ids, facet_count

MIN_HITS = 3


def significant(
    store: FacetStore, field: str, hits: Any, everything: Any, *, limit: int
) -> tuple[SignificantTerm, ...]:
    """The ``limit`` values of ``field`` most significant in ``hits`` (article numbers)
    against ``everything`` (the live articles), best first."""
    if not len(hits) or len(hits) >= len(everything):
        return ()
    fs = store.fields[field]
    fg = count_ids(fs, hits).astype(np.float64)
    bg = count_ids(fs, everything).astype(np.float64)
    fg_pct = fg / len(hits)
    bg_pct = np.divide(bg, len(everything), out=np.zeros_like(bg), where=bg > 0)
    score = np.where(
        (fg >= MIN_HITS) & (fg_pct > bg_pct) & (bg_pct > 0),
        (fg_pct - bg_pct) * np.divide(fg_pct, bg_pct, out=np.zeros_like(fg), where=bg_pct > 0),
        0.0,
    )
    order = [int(i) for i in np.argsort(-score, kind="stable")[:limit] if score[i] > 0]
    out = []
    for i in order:
        shown = facet_count(field, fs.labels[i], int(fg[i]))
        out.append(
            SignificantTerm(shown.value, shown.label, int(fg[i]), int(bg[i]), float(score[i]))
        )
    return tuple(out)
