"""The store: what is on disk and how it is kept whole. `lock` (the writer's lock),
`manifest` (which store folder is whole, per generation), `refresh` (the one refresh of the
derived stores after a commit), and the derived stores themselves: `postings` (text postings
read with numpy), `facets` (facet values per article and their labels), `stored` (Whoosh's
stored articles read without Whoosh)."""
