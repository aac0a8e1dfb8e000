"""Which index values a user's name means: corpus-wide surname resolution and user aliases.

The index keeps each article's own canonical names; this layer maps them to corpus-wide
names (a bare `Putin` → `Vladimir Putin` when that full name dominates) and applies the
user's alias file, so a change here takes effect on search and facets without re-running NER.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from search import schema
from search.entities.people import name_key, resolve_surname_counts, resolve_variant_counts
from search.models import UserAlias

USER_ALIAS_FILE = "aliases.json"
ALIAS_FIELDS = schema.ALIAS_FIELDS
RETYPE_FIELDS = schema.RETYPE_FIELDS
_RETYPE = "retype:"  # the alias file's section of names moved from one kind to another


UserAliases = Mapping[str, Mapping[str, str]]  # the alias file: field → {name: target}


@dataclass(frozen=True)
class AliasMap:
    """raw value (lower case) → display name it is shown as; dropped values map to ""."""

    mapping: dict[str, str] = field(default_factory=dict)

    def display(self, value: str) -> str:
        return self.mapping.get(value.lower(), value)


def load_user_aliases(location: Path) -> dict[str, dict[str, str]]:
    """The user's alias file: {"person": {"from": "to" or ""}, "org": {...}}."""
    path = location / USER_ALIAS_FILE
    if not path.exists():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return {k: {a.lower(): b for a, b in v.items()} for k, v in data.items() if isinstance(v, dict)}


def save_user_alias(location: Path, field_name: str, name: str, target: str) -> None:
    """Record that ``name`` is shown as ``target`` (empty target: dropped) in field_name."""
    data = load_user_aliases(location)
    data.setdefault(field_name, {})[name.lower()] = target
    _write(location, data)


def save_retype(location: Path, field_name: str, name: str, kind: str) -> None:
    """Record that ``name``, indexed as a ``field_name``, is a ``kind`` (`person` → `org`)."""
    data = load_user_aliases(location)
    data.setdefault(_RETYPE + field_name, {})[name.lower()] = kind
    _write(location, data)


def remove_user_alias(location: Path, field_name: str, name: str) -> bool:
    """Undo what the alias file says of ``name`` in ``field_name`` (merge, drop or retype);
    False when it says nothing of it."""
    data = load_user_aliases(location)
    found = False
    for section in (field_name, _RETYPE + field_name):
        if data.get(section, {}).pop(name.lower(), None) is not None:
            found = True
    if found:
        _write(location, {k: v for k, v in data.items() if v})
    return found


def list_user_aliases(location: Path) -> tuple[UserAlias, ...]:
    """Every merge, drop and retype the user has made, by field and name."""
    out = []
    for section, entries in sorted(load_user_aliases(location).items()):
        for name, target in sorted(entries.items()):
            if section.startswith(_RETYPE):
                out.append(UserAlias(section.removeprefix(_RETYPE), name, target, "retype"))
            else:
                out.append(UserAlias(section, name, target, "merge" if target else "drop"))
    return tuple(out)


def retypes(user: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """From field → {name (lower case) → the field it moves to}."""
    return {f: dict(user.get(_RETYPE + f, {})) for f in RETYPE_FIELDS if user.get(_RETYPE + f)}


def _write(location: Path, data: dict[str, dict[str, str]]) -> None:
    from search.files import write_whole

    write_whole(location / USER_ALIAS_FILE, json.dumps(data, ensure_ascii=False, indent=1).encode())


def build_person_map(counts: Mapping[str, int], user: Mapping[str, str]) -> AliasMap:
    """Surnames resolved across the corpus (``counts``: how often each name occurs), then the
    user's own merges and drops on top."""
    return with_user(person_joins(counts), user)


def person_joins(counts: Mapping[str, int]) -> dict[str, str]:
    """The corpus-wide joins of persons (raw name in lower case → the name shown): spellings
    of one full name, a first-and-last name to the one fuller name, a bare surname to the
    full name that dominates it. Every join stays within one surname (`person_bases`)."""
    variants = resolve_variant_counts(counts)
    merged: Counter[str] = Counter()
    for name, n in counts.items():
        merged[variants.get(name, name)] += n
    surnames = resolve_surname_counts(merged)
    mapping = {k.lower(): v for k, v in variants.items()}
    mapping.update({k.lower(): v for k, v in surnames.items()})
    return mapping


def person_bases(name: str) -> tuple[str, ...]:
    """What a person's name can be joined by: its surname as `name_key` reads it."""
    key = name_key(name)
    return (key[-1],) if key else ("",)


def build_org_map(counts: Mapping[str, int], user: Mapping[str, str]) -> AliasMap:
    """Acronyms and full names, and names with and without a generic ending, joined across
    the corpus (``counts``: how often each name occurs), then the user's merges and drops."""
    return with_user(org_joins(counts), user)


def org_joins(counts: Mapping[str, int]) -> dict[str, str]:
    """The corpus-wide joins of organisations (raw name in lower case → the name shown)."""
    from search.entities.orgs import resolve_org_counts

    return {k.lower(): v for k, v in resolve_org_counts(counts).items()}


def org_bases(name: str) -> tuple[str, ...]:
    """What an organisation's name can be joined by: the name without its generic endings,
    and a known acronym's expansion."""
    from search.entities.orgs import join_bases

    return join_bases(name)


def with_user(mapping: dict[str, str], user: Mapping[str, str]) -> AliasMap:
    """The corpus-wide ``mapping`` with the user's merges and drops on top: a name the user
    moves takes every raw value shown under it along (``mapping`` itself is left as it is)."""
    mapping = dict(mapping)
    for name, target in user.items():
        mapping[name.lower()] = target
        for raw, shown in list(mapping.items()):
            if shown.lower() == name.lower():
                mapping[raw] = target
    return AliasMap(mapping)


def match_names(query: str, vocabulary: Iterable[str]) -> set[str]:
    """Display names a user's name means: exact (case-insensitive), else names ending with it."""
    names = list(vocabulary)
    lowered = query.strip().lower()
    exact = {n for n in names if n.lower() == lowered}
    if exact:
        return exact
    key = name_key(query)
    if not key:
        return set()
    by_tail: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for n in names:
        k = name_key(n)
        if len(k) >= len(key) and k[-len(key) :] == key:
            by_tail[k].add(n)
    return {n for group in by_tail.values() for n in group}
