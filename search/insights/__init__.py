"""Views beyond a page of hits: who appears with whom (`cooccur`), when (`timeline`), what is
unusual in the hits (`significant`), one entity whole (`profile`), where an article names
each entity (`mentions`), why an article is a hit (`why`), and searches kept to run again
(`saved`). Each takes the query and filters `search` takes (`querying.SearchOptions`)."""
