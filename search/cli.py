"""The newsidx command line: parse options, call one library function, render the result."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from search import schema
from search.errors import ExitStatus, NewsIndexError
from search.ingest import COMMIT_EVERY, usable_cores
from search.output import ARTICLE_FORMATS, FORMATS, REPORT_FORMATS
from search.schema import FACET_FIELDS


class CliError(click.ClickException):
    """A library error shown as one line, with the library's exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # a class variable in click's stubs


def _set_index(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(dict)["index"] = value


def _set_color(ctx: click.Context, _param: click.Parameter, value: bool | None) -> None:
    if value is not None:
        ctx.ensure_object(dict)["color"] = value


def _global_options() -> list[click.Parameter]:
    """`--index` and `--color/--no-color` as every command also takes them, after its name
    (`newsidx search oil --no-color`); the group's own are documented in its help."""
    return [
        click.Option(
            ["--index", "index_dir"],
            type=click.Path(file_okay=False, path_type=Path),
            expose_value=False,
            callback=_set_index,
            help="Index folder (as before the command).",
        ),
        click.Option(
            ["--color/--no-color"],
            default=None,
            expose_value=False,
            callback=_set_color,
            help="Colour output (as before the command).",
        ),
    ]


class _Commands(click.Group):
    """A group whose commands take the global options too, and say how to search for a query
    that starts with `-`."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not isinstance(cmd, click.Group):
            cmd.params.extend(_global_options())
            if any(p.name == "query" for p in cmd.params):
                _hint_dashes(cmd)
        super().add_command(cmd, name)


def _hint_dashes(cmd: click.Command) -> None:
    parse = cmd.parse_args

    def parse_args(ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # the parser consumes the list
        try:
            return parse(ctx, args)
        except click.NoSuchOption as exc:
            word = next((a for a in given if a.startswith(exc.option_name)), exc.option_name)
            if word.startswith("--"):  # a mistyped option, not a query
                raise
            raise click.UsageError(
                f"{exc.format_message().rstrip('.')}. A query that starts with '-' goes "
                f"after '--': newsidx {ctx.info_name} -- {word!r}",
                ctx,
            ) from exc

    cmd.parse_args = parse_args  # type: ignore[method-assign]


class NewsidxGroup(_Commands):
    """Maps the library's errors and Ctrl-C to messages and exit codes, never tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsIndexError as exc:
            raise CliError(str(exc), exc.exit_code) from exc
        except KeyboardInterrupt as exc:
            raise CliError("interrupted", ExitStatus.INTERRUPTED) from exc


def _echo_lines(lines: Iterable[str]) -> None:
    for line in lines:
        click.echo(line)


def _use_color(choice: bool | None) -> bool:
    if choice is not None:
        return choice
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _progress(quiet: bool) -> Any:
    if quiet:
        return lambda _msg: None
    return lambda msg: click.echo(msg, err=True)


@click.group(cls=NewsidxGroup)
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="NEWSIDX_INDEX",
    default=None,
    help="Index folder (env NEWSIDX_INDEX; default ./index).",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour output (default: on a terminal, unless NO_COLOR).",
)
@click.version_option(package_name="newsidx")
@click.pass_context
def cli(ctx: click.Context, index_dir: Path | None, color: bool | None) -> None:
    from search.indexing import default_location

    ctx.obj = {"index": index_dir or default_location(), "color": _use_color(color)}


cli.help = f"""newsidx: search your saved news articles from the terminal.

    Exit codes: {ExitStatus.described()}.
    """


_WORKERS = click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes for NER (default: the usable cores).",
)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_WORKERS
@click.option("--prune", is_flag=True, help="Delete indexed articles whose files are gone.")
@click.option("--rebuild", is_flag=True, help="Start the index afresh.")
@click.option(
    "--commit-every",
    type=click.IntRange(1),
    default=COMMIT_EVERY,
    show_default=True,
    help="Commit after this many articles (and every 5 minutes): a kill keeps what was committed.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
@click.pass_obj
def index(
    obj: dict[str, Any],
    paths: tuple[str, ...],
    workers: int | None,
    prune: bool,
    rebuild: bool,
    commit_every: int,
    quiet: bool,
) -> None:
    """Index files and folders of articles (.txt, .html, .jsonl, optionally .gz).

    Example: newsidx index seeds/ ~/saved-articles --workers 2
    """
    from search.indexing import index_paths
    from search.ingest.progress import Progress

    meter = None if quiet else Progress()
    say = _progress(quiet) if meter is None else meter.note
    try:
        report = index_paths(
            list(paths),
            location=obj["index"],
            workers=workers or usable_cores(),
            prune=prune,
            rebuild=rebuild,
            progress=say,
            commit_every=commit_every,
            meter=meter,
        )
    finally:
        if meter is not None:
            meter.close()
    click.echo(
        f"indexed {report.added} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.deleted} deleted, {len(report.skipped)} skipped"
        + (f", {report.copies} copies of indexed articles" if report.copies else "")
        + "; "
        f"{report.total} article{'' if report.total == 1 else 's'} in {obj['index']}"
        + (
            f" ({report.similar_articles} of them in {report.similar_groups} "
            f"group{'' if report.similar_groups == 1 else 's'} of near-duplicates)"
            if report.similar_groups
            else ""
        ),
        err=True,
    )
    if report.added + report.updated + report.unchanged == 0 and report.skipped:
        raise CliError("no readable article among the inputs", ExitStatus.BAD_INPUT)


_FORMAT = click.Choice(FORMATS)


# The query filters `search` and `facets` take (and every view over hits): one option set,
# and one way from it to SearchOptions (`_search_options`).
_FILTERS: list[tuple[str, str, str]] = [  # option, SearchOptions field, help
    ("--person", "persons", "Only articles mentioning this person (any alias)."),
    ("--country", "countries", "Only articles mentioning this country (code, name, demonym "
     "or city)."),
    ("--about", "about", "Only articles mainly about this country: in the headline, dateline "
     "or lead, or named again and again (code, name, demonym or city)."),
    ("--org", "orgs", "Only articles mentioning this organisation."),
    ("--source", "sources", "Only articles from this source (site)."),
    ("--language", "languages", "Only articles in this language (ISO 639-1: en, de)."),
    ("--not-person", "not_persons", "Exclude articles mentioning this person."),
    ("--not-country", "not_countries", "Exclude articles mentioning this country."),
    ("--not-about", "not_about", "Exclude articles mainly about this country."),
    ("--not-org", "not_orgs", "Exclude articles mentioning this organisation."),
    ("--not-source", "not_sources", "Exclude articles from this source."),
]  # fmt: skip


def _query_filters(command: Any) -> Any:
    """The QUERY argument and the filter options, on a command taking ``filters``."""
    options = [
        click.argument("query", default=""),
        *(
            click.option(flag, f"filter_{name}", multiple=True, help=text)
            for flag, name, text in _FILTERS
        ),
        click.option(
            "--field",
            "filter_keywords",
            multiple=True,
            metavar="NAME=VALUE",
            help="Only articles whose record has this keyword field value (category=business).",
        ),
        click.option("--since", "filter_since", help="Published on or after (YYYY[-MM[-DD]])."),
        click.option("--until", "filter_until", help="Published on or before (YYYY[-MM[-DD]])."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _search_options(values: dict[str, Any], **rest: Any) -> Any:
    """SearchOptions from the query and filter options in ``values`` (taken out of it)."""
    from search.querying import SearchOptions

    chosen = {
        key.removeprefix("filter_"): values.pop(key)
        for key in list(values)
        if key.startswith("filter_")
    }
    return SearchOptions(query=values.pop("query"), **chosen, **rest)


@cli.command()
@_query_filters
@click.option(
    "--sort",
    type=click.Choice(schema.SORTS),
    default="relevance",
    show_default=True,
)
@click.option("--limit", type=click.IntRange(0, 10000), default=10, show_default=True)
@click.option(
    "--offset", type=click.IntRange(0), default=0, help="Skip this many hits (the next page)."
)
@click.option(
    "--facet",
    multiple=True,
    metavar="FIELD",
    help=f"Count hits per value (repeatable): {', '.join(FACET_FIELDS)}, or a keyword field "
    "of the records (category).",
)
@click.option("--facet-limit", type=click.IntRange(1), default=10, show_default=True)
@click.option(
    "--significant",
    multiple=True,
    metavar="FIELD",
    help="Values unusually frequent in the hits against the whole index (JLH score), "
    "not merely the most frequent: person, country, org... (repeatable).",
)
@click.option("--why", is_flag=True, help="Say for each hit which words and filters it matched.")
@click.option(
    "--all-versions",
    is_flag=True,
    help="List near-duplicates (syndicated copies, light edits) as hits of their own, not as "
    "'+N similar' under the best ranked of them.",
)
@click.option("--format", "fmt", type=_FORMAT, default="text", show_default=True)
@click.option("--explain", is_flag=True, help="Print the parsed query on stderr.")
@click.pass_obj
def search(
    obj: dict[str, Any],
    /,
    sort: str,
    limit: int,
    offset: int,
    facet: tuple[str, ...],
    facet_limit: int,
    significant: tuple[str, ...],
    why: bool,
    all_versions: bool,
    fmt: str,
    explain: bool,
    **filters: Any,
) -> None:
    """Ranked keyword search with filters and facet counts.

    Example: newsidx search "security cooperation" --person Shoigu --country Iraq --facet person
    """
    from search.output import render_results
    from search.querying import search as run_search

    options = _search_options(
        filters,
        sort=sort,
        limit=limit,
        offset=offset,
        facets=facet,
        facet_limit=facet_limit,
        significant=significant,
        why=why,
        all_versions=all_versions,
    )
    results = run_search(obj["index"], options)
    for warning in results.warnings:
        click.echo(f"warning: {warning}", err=True)
    if explain:
        click.echo(f"parsed: {results.parsed}", err=True)
    _echo_lines(render_results(results, fmt, color=obj["color"]))
    if results.total == 0:
        sys.exit(ExitStatus.NO_RESULTS)


@cli.command()
@click.argument("field")
@_query_filters
@click.option("--prefix", default="", help="Only values starting with this (any word of the name).")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--format", "fmt", type=_FORMAT, default="text", show_default=True)
@click.pass_obj
def facets(
    obj: dict[str, Any], /, field: str, prefix: str, limit: int, fmt: str, **filters: Any
) -> None:
    """List a facet's values with article counts, over everything or a query's hits.

    FIELD: one of person, country, about, org, source, language, month, or a keyword field
    of the records (category).

    Example: newsidx facets person "oil prices" --country Iraq --prefix vlad
    """
    from search.catalog import facet_values
    from search.output import render_facets

    options = _search_options(filters)
    counts = facet_values(obj["index"], field, options, prefix=prefix, limit=limit)
    _echo_lines(render_facets(field, counts, fmt))
    if not counts:
        sys.exit(ExitStatus.NO_RESULTS)


@cli.command()
@click.argument("article_id")
@click.option(
    "--format",
    "fmt",
    type=_FORMAT,
    default="text",
    show_default=True,
    help="csv: with --mentions only.",
)
@click.option("--mentions", is_flag=True, help="List every entity mention with the text around it.")
@click.pass_obj
def show(obj: dict[str, Any], article_id: str, fmt: str, mentions: bool) -> None:
    """Print one indexed article, clean, with its entities.

    Example: newsidx show seeds/000_3a56362730208ff7.txt --mentions
    """
    import json

    from search.catalog import show as show_article
    from search.output import article_record, render_articles

    if mentions:
        from search.insights.mentions import mentions as find_mentions
        from search.insights.render import render_mentions

        _, _, found = find_mentions(obj["index"], article_id)
        _echo_lines(render_mentions(found, fmt))
        return
    article, entities = show_article(obj["index"], article_id)
    if fmt == "csv":
        raise CliError("show prints csv with --mentions only", ExitStatus.USAGE)
    if fmt in ("json", "jsonl"):
        click.echo(json.dumps(article_record(article, entities), ensure_ascii=False, indent=2))
    else:
        _echo_lines(render_articles([(article, entities)], "text", color=obj["color"]))


@cli.command()
@click.argument("article_id")
@_query_filters
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@click.option("--format", "fmt", type=_FORMAT, default="text", show_default=True)
@click.pass_obj
def similar(obj: dict[str, Any], /, article_id: str, limit: int, fmt: str, **filters: Any) -> None:
    """List the articles most similar to one article (ARTICLE_ID as `show` takes it), by its
    most distinctive words; a QUERY and filters narrow them.

    Example: newsidx similar seeds/000_3a56362730208ff7.txt --country IQ
    """
    from search.catalog import similar as similar_articles
    from search.output import render_results

    options = _search_options(filters)
    results = similar_articles(obj["index"], article_id, options, limit=limit)
    _echo_lines(render_results(results, fmt, color=obj["color"]))
    if results.total == 0:
        sys.exit(ExitStatus.NO_RESULTS)


_KIND = click.Choice(schema.ENTITY_KINDS)


@cli.command()
@click.argument("name")
@_query_filters
@click.option("--kind", type=_KIND, default="person", show_default=True, help="What NAME is.")
@click.option("--with", "other", type=_KIND, help="What to list beside it (default: --kind).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option(
    "--min-count",
    type=click.IntRange(1),
    default=2,
    show_default=True,
    help="Articles a pair must share to be listed.",
)
@click.option(
    "--by", "order", type=click.Choice(schema.COOCCUR_ORDERS), default="lift", show_default=True
)
@click.option(
    "--graph",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the co-occurrence network of the hits' top entities (.graphml, .gexf).",
)
@click.option("--format", "fmt", type=_FORMAT, default="text", show_default=True)
@click.pass_obj
def cooccur(
    obj: dict[str, Any],
    /,
    name: str,
    kind: str,
    other: str | None,
    limit: int,
    min_count: int,
    order: str,
    graph: Path | None,
    fmt: str,
    **filters: Any,
) -> None:
    """The entities most often in the same articles as NAME, with counts and lift (how many
    times more often than chance), over every article or a query's hits.

    Example: newsidx cooccur "Sergei Shoigu" --with country "security" --graph shoigu.graphml
    """
    from search.insights import cooccur as views
    from search.insights.render import render_cooccurrence

    options = _search_options(filters)
    result = views.cooccur(
        obj["index"],
        name,
        kind=kind,
        other=other,
        options=options,
        limit=limit,
        min_count=min_count,
        order=order,
    )
    if graph is not None:
        network = views.graph(obj["index"], options, min_count=min_count)
        views.write_graph(network, graph)
        click.echo(
            f"wrote {graph}: {len(network.nodes)} entities, {len(network.edges)} links", err=True
        )
    _echo_lines(render_cooccurrence(result, fmt))
    if not result.rows:
        sys.exit(ExitStatus.NO_RESULTS)


@cli.command()
@_query_filters
@click.option(
    "--by",
    type=click.Choice(schema.PERIODS),
    default="month",
    show_default=True,
)
@click.option(
    "--compare", multiple=True, metavar="QUERY", help="Another query beside it (repeatable)."
)
@click.option("--normalise", is_flag=True, help="As shares of all the articles of each period.")
@click.option("--format", "fmt", type=_FORMAT, default="text", show_default=True)
@click.pass_obj
def timeline(
    obj: dict[str, Any],
    /,
    by: str,
    compare: tuple[str, ...],
    normalise: bool,
    fmt: str,
    **filters: Any,
) -> None:
    """Articles per day, week, month or year as a bar chart, several queries side by side.

    Example: newsidx timeline "oil prices" --compare "gas prices" --by month --normalise
    """
    from dataclasses import replace

    from search.insights.render import render_timeline
    from search.insights.timeline import timeline as count_periods

    first = _search_options(filters)
    searches = [first, *(replace(first, query=q) for q in compare)]
    result = count_periods(obj["index"], searches, by=by, normalise=normalise)
    _echo_lines(render_timeline(result, fmt))
    if not any(s.total for s in result.series):
        sys.exit(ExitStatus.NO_RESULTS)


@cli.command()
@click.argument("name")
@_query_filters
@click.option(
    "--kind", type=_KIND, help="What NAME is (default: a person, else org, else country)."
)
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@click.option("--format", "fmt", type=_FORMAT, default="text", show_default=True)
@click.pass_obj
def profile(
    obj: dict[str, Any], /, name: str, kind: str | None, limit: int, fmt: str, **filters: Any
) -> None:
    """One entity whole: names, articles, first and last seen, months, co-mentions, sources.

    Example: newsidx profile "Sergei Shoigu"
    """
    from search.insights.profile import profile as build_profile
    from search.insights.render import render_profile

    result = build_profile(
        obj["index"], name, kind=kind, options=_search_options(filters), limit=limit
    )
    _echo_lines(render_profile(result, fmt))


@cli.group(cls=_Commands)
def saved() -> None:
    """Keep searches under a name and run them again (`--new`: only what is new since)."""


@saved.command("add")
@click.argument("name")
@_query_filters
@click.pass_obj
def saved_add(obj: dict[str, Any], /, name: str, **filters: Any) -> None:
    """Keep QUERY and its filters as NAME.

    Example: newsidx saved add shoigu "Shoigu" --country Iraq
    """
    from search.insights import saved as store

    store.add(obj["index"], name, _search_options(filters))
    click.echo(f"saved {name!r}", err=True)


@saved.command("list")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text")
@click.pass_obj
def saved_list(obj: dict[str, Any], fmt: str) -> None:
    """Every saved search.  Example: newsidx saved list"""
    from search.insights import saved as store
    from search.insights.render import render_saved

    _echo_lines(render_saved(store.list_saved(obj["index"]), fmt))


@saved.command("remove")
@click.argument("name")
@click.pass_obj
def saved_remove(obj: dict[str, Any], name: str) -> None:
    """Forget a saved search.  Example: newsidx saved remove shoigu"""
    from search.insights import saved as store

    store.remove(obj["index"], name)
    click.echo(f"removed {name!r}", err=True)


@saved.command("run")
@click.argument("name")
@click.option(
    "--new", is_flag=True, help="Only articles indexed since it last ran (exit 1 when none)."
)
@click.option("--limit", type=click.IntRange(0, 10000), help="Hits shown (default: as saved).")
@click.option("--format", "fmt", type=_FORMAT, default="text", show_default=True)
@click.pass_obj
def saved_run(obj: dict[str, Any], name: str, new: bool, limit: int | None, fmt: str) -> None:
    """Run a saved search; exit 0 when it finds articles, 1 when none (for cron and scripts).

    Example: newsidx saved run shoigu --new
    """
    from search.insights import saved as store
    from search.output import render_results

    _, results = store.run(obj["index"], name, new=new, limit=limit)
    for warning in results.warnings:
        click.echo(f"warning: {warning}", err=True)
    _echo_lines(render_results(results, fmt, color=obj["color"]))
    if results.total == 0:
        sys.exit(ExitStatus.NO_RESULTS)


def _articles_command(
    paths: tuple[str, ...],
    fmt: str,
    color: bool,
    *,
    entities: bool,
    workers: int = 1,
    quiet: bool = False,
) -> None:
    from search.ingest import pipeline
    from search.output import render_articles

    say = _progress(quiet)
    skipped: list[str] = []
    if entities:
        items: Iterable[Any] = pipeline.articles_with_entities(
            list(paths), warn=say, workers=workers, skipped=skipped
        )
    else:
        items = ((a, None) for a in pipeline.articles(list(paths), warn=say, skipped=skipped))
    count = 0
    for line in render_articles(items, fmt, color=color):
        count += 1
        click.echo(line)
    if count == 0 and skipped:
        raise CliError("no readable article among the inputs", ExitStatus.BAD_INPUT)


_article_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(ARTICLE_FORMATS),
    default="jsonl",
    show_default=True,
)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_article_format
@click.option("--quiet", "-q", is_flag=True, help="No warnings on stderr.")
@click.pass_obj
def clean(obj: dict[str, Any], paths: tuple[str, ...], fmt: str, quiet: bool) -> None:
    """Print the clean text of articles (boilerplate removed), one JSON object each.

    Example: newsidx clean seeds/000_3a56362730208ff7.txt --format jsonl
    """
    _articles_command(paths, fmt, obj["color"], entities=False, quiet=quiet)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_article_format
@_WORKERS
@click.option("--quiet", "-q", is_flag=True, help="No warnings on stderr.")
@click.pass_obj
def entities(
    obj: dict[str, Any], paths: tuple[str, ...], fmt: str, workers: int | None, quiet: bool
) -> None:
    """Print the persons, countries and organisations each article mentions.

    Example: newsidx entities seeds/ --format jsonl
    """
    _articles_command(
        paths, fmt, obj["color"], entities=True, workers=workers or usable_cores(), quiet=quiet
    )


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True
)
@click.pass_obj
def stats(obj: dict[str, Any], fmt: str) -> None:
    """Show how many articles, people, countries and organisations the index holds.

    Example: newsidx stats
    """
    import json
    from dataclasses import asdict

    from search.catalog import stats as index_stats

    result = index_stats(obj["index"])
    if fmt == "json":
        click.echo(json.dumps(asdict(result), indent=2))
        return
    for key, value in asdict(result).items():
        if key == "fields":  # the records' own keyword fields: distinct values of each
            value = ", ".join(f"{name} ({n})" for name, n in value.items()) or "-"
        click.echo(f"{key.replace('_', ' ')}: {value}")


@cli.group(cls=_Commands)
def alias() -> None:
    """Merge or drop entity names in search and facets, without re-running NER."""


_ALIAS_FIELD = click.option(
    "--field",
    type=click.Choice(schema.ALIAS_FIELDS),
    default="person",
    show_default=True,
)


@alias.command("merge")
@click.argument("name")
@click.argument("target")
@_ALIAS_FIELD
@click.pass_obj
def alias_merge(obj: dict[str, Any], name: str, target: str, field: str) -> None:
    """Show NAME as TARGET from now on.  Example: newsidx alias merge "Putin" "Vladimir Putin" """
    from search.catalog import add_alias

    add_alias(obj["index"], field, name, target)
    click.echo(f"{field} {name!r} is now shown as {target!r}", err=True)


@alias.command("drop")
@click.argument("name")
@_ALIAS_FIELD
@click.pass_obj
def alias_drop(obj: dict[str, Any], name: str, field: str) -> None:
    """Hide NAME (a false person, say).  Example: newsidx alias drop "Reuters" """
    from search.catalog import add_alias

    add_alias(obj["index"], field, name, "")
    click.echo(f"{field} {name!r} is now dropped", err=True)


@alias.command("remove")
@click.argument("name")
@_ALIAS_FIELD
@click.pass_obj
def alias_remove(obj: dict[str, Any], name: str, field: str) -> None:
    """Undo a merge, drop or retype of NAME.  Example: newsidx alias remove "Reuters" """
    from search.catalog import remove_alias

    remove_alias(obj["index"], field, name)
    click.echo(f"{field} {name!r} is shown as indexed again", err=True)


@alias.command("retype")
@click.argument("name")
@click.argument("kind", type=click.Choice(schema.RETYPE_FIELDS))
@click.option(
    "--field", type=click.Choice(schema.RETYPE_FIELDS), default="person", show_default=True
)
@click.pass_obj
def alias_retype(obj: dict[str, Any], name: str, kind: str, field: str) -> None:
    """Move NAME to another kind.  Example: newsidx alias retype "Yukos" org"""
    from search.catalog import retype

    retype(obj["index"], field, name, kind)
    click.echo(f"{field} {name!r} is now shown as an {kind}", err=True)


@alias.command("list")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text")
@click.pass_obj
def alias_list(obj: dict[str, Any], fmt: str) -> None:
    """Every merge, drop and retype made.  Example: newsidx alias list"""
    from search.catalog import list_aliases
    from search.output import render_aliases

    _echo_lines(render_aliases(list_aliases(obj["index"]), fmt))


def main() -> None:
    """Console-script entry point."""
    # newsidx does no linear algebra with numpy (spaCy multiplies with blis): with one BLAS
    # thread instead of one per core, importing numpy takes ~35 ms less (measured: median of
    # 15 interleaved `python -c "import numpy"` runs, 0.27-0.32 s → 0.23-0.29 s).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    cli(prog_name="newsidx")
