"""Facet kinds: what differs between facet fields, as small classes instead of branches on
field names — how a stored article gives a field's values, what a filter names a value by,
how the user's aliases and the corpus-wide name joins make labels, and how a label is shown.

Countries are kept as one string, code and name (`IQ Iraq`), so that a label carries both;
`CountryKind.pack` and `CountryKind.unpack` are the only places that build and split it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from search import aliases, schema
from search.models import FacetCount


class Kind:
    """A keyword facet (organisations, sources, languages): values as stored, filters by
    label or value in any case, labels as most articles write them."""

    cased = True  # labels keep the articles' spelling

    def __init__(self, field: str) -> None:
        self.field = field

    def values(self, stored: Mapping[str, Any]) -> tuple[str, ...]:
        """The field's values of one stored article."""
        return schema.keyword_values(stored.get(self.field))

    def key(self, raw: str) -> str:
        """What a filter names a raw value by."""
        return raw.lower()

    def shown(self, label: str, count: int) -> FacetCount:
        return FacetCount(value=label, label=label, count=count)

    def alias_map(
        self, raws: Sequence[str], uses: Sequence[int], user: aliases.UserAliases, hidden: Any
    ) -> aliases.AliasMap:
        """How the raw values are shown: the user's merges and drops (and names moved to
        another kind, ``hidden``)."""
        return aliases.AliasMap(self._users(user, hidden))

    def _users(self, user: aliases.UserAliases, hidden: Any) -> dict[str, str]:
        """The user's merges and drops of this field, with the names moved out of it."""
        return {**dict(user.get(self.field, {})), **dict(hidden.get(self.field, {}))}

    @staticmethod
    def _counts(raws: Sequence[str], uses: Sequence[int]) -> dict[str, int]:
        """Each raw value in use and how often."""
        return {r: n for r, n in zip(raws, uses, strict=True) if n}

    def labels_for(self, fs: Any, value: str) -> set[str]:
        """The labels a filter value names: a label as shown, a value as indexed, else the
        names ending with it (`Putin` → Vladimir Putin)."""
        from search.entities.people import name_key

        lowered = value.strip().lower()
        if lowered in fs.raws_by_label:
            return {fs.raw_to_label[fs.raws_by_label[lowered][0]]}
        if fs.raw_to_label.get(lowered):
            return {fs.raw_to_label[lowered]}
        key = name_key(value)
        candidates = fs.labels_by_last_word.get(key[-1], set()) if key else set()
        return aliases.match_names(value, candidates)


class JoinedKind(Kind):
    """A kind whose labels also join names across the corpus (`facet_joins`): each name's
    bases, the joins made from counts, and the alias map from joins made already."""

    def bases(self, raw: str) -> tuple[str, ...]:
        raise NotImplementedError

    def joins(self, counts: dict[str, int]) -> dict[str, str]:
        raise NotImplementedError

    def alias_map(
        self,
        raws: Sequence[str],
        uses: Sequence[int],
        user: aliases.UserAliases,
        hidden: Any,
        joins: dict[str, str] | None = None,
    ) -> aliases.AliasMap:
        made = self.joins(self._counts(raws, uses)) if joins is None else joins
        return aliases.with_user(made, self._users(user, hidden))


class PersonKind(JoinedKind):
    """Persons: labels also join spellings and bare surnames across the corpus."""

    def bases(self, raw: str) -> tuple[str, ...]:
        return aliases.person_bases(raw)

    def joins(self, counts: dict[str, int]) -> dict[str, str]:
        return aliases.person_joins(counts)


class OrgKind(JoinedKind):
    """Organisations: labels also join acronyms to full names and names with a generic
    ending to those without across the corpus (`EU` / `European Union`, `Labour Party` /
    `Labour`), so a filter by either finds both."""

    def bases(self, raw: str) -> tuple[str, ...]:
        return aliases.org_bases(raw)

    def joins(self, counts: dict[str, int]) -> dict[str, str]:
        return aliases.org_joins(counts)


class CountryKind(Kind):
    """Countries an article names: ISO codes with their names; filters by code, name,
    demonym or city; the user's aliases by code."""

    cased = False

    @staticmethod
    def pack(code: str, name: str) -> str:
        return f"{code} {name}"

    @staticmethod
    def unpack(label: str) -> tuple[str, str]:
        code, _, name = label.partition(" ")
        return code, name or code

    def values(self, stored: Mapping[str, Any]) -> tuple[str, ...]:
        codes = schema.keyword_values(stored.get(self.field))
        names = list(stored.get("country_names") or [])
        names += codes[len(names) :]
        return tuple(self.pack(code, name) for code, name in zip(codes, names, strict=True))

    def key(self, raw: str) -> str:
        return self.unpack(raw)[0].lower()

    def shown(self, label: str, count: int) -> FacetCount:
        code, name = self.unpack(label)
        return FacetCount(value=code, label=name, count=count)

    def alias_map(
        self, raws: Sequence[str], uses: Sequence[int], user: aliases.UserAliases, hidden: Any
    ) -> aliases.AliasMap:
        by_code = dict(user.get("country", {}))
        return aliases.AliasMap(
            {r.lower(): by_code[self.key(r)] for r in raws if self.key(r) in by_code}
        )

    def labels_for(self, fs: Any, value: str) -> set[str]:
        from search.entities import countries

        found = countries.resolve_filter(value)
        if found is None:
            return set()
        return {fs.raw_to_label.get(found.code.lower()) or self.pack(found.code, found.name)}


class AboutKind(CountryKind):
    """Countries an article is mainly about: stored as codes alone."""

    def values(self, stored: Mapping[str, Any]) -> tuple[str, ...]:
        from search.entities import countries

        codes = schema.keyword_values(stored.get(self.field))
        return tuple(self.pack(code, countries.country(code.upper()).name) for code in codes)


class MonthKind(Kind):
    """The month an article was published in (`2024-03`)."""

    def values(self, stored: Mapping[str, Any]) -> tuple[str, ...]:
        published = stored.get("published")
        return (published[:7],) if published else ()


class RecordFieldKind(Kind):
    """A keyword field of the records themselves (`category`, `topics`)."""

    def values(self, stored: Mapping[str, Any]) -> tuple[str, ...]:
        return record_fields(stored).get(self.field, ())


def record_fields(stored: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """A stored article's own keyword fields (`category`: ("business",))."""
    packed = stored.get(schema.FIELDS_FIELD)
    try:
        found = json.loads(packed) if packed else {}
    except ValueError:
        return {}
    return {
        name: tuple(v for v in values if isinstance(v, str))
        for name, values in found.items()
        if isinstance(values, list) and name not in schema.RESERVED
    }


KINDS: dict[str, Kind] = {
    "person": PersonKind("person"),
    "country": CountryKind("country"),
    "about": AboutKind("about"),
    "org": OrgKind("org"),
    "source": Kind("source"),
    "language": Kind("language"),
    "month": MonthKind("month"),
}


def kind_of(field: str) -> Kind:
    """The kind of a facet field (a record's own field when newsidx has none of that name)."""
    return KINDS.get(field) or RecordFieldKind(field)
