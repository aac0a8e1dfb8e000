"""One exception hierarchy; each error says what went wrong and what to do about it."""

from __future__ import annotations


class NewsIndexError(Exception):
    """Base of every error newsidx raises on purpose."""

    exit_code = 1


class UsageProblem(NewsIndexError):
    """The user asked for something that cannot be done as asked (bad option, bad value)."""

    exit_code = 2


class QueryError(UsageProblem):
    """A query that cannot be understood even leniently."""


class IndexMissingError(UsageProblem):
    """There is no index where one was expected."""

    def __init__(self, location: str) -> None:
        super().__init__(
            f"no index at {location!r}. Build one first, e.g. `newsidx index seeds/` "
            "(or point --index / NEWSIDX_INDEX at an existing index)."
        )


class IndexVersionError(UsageProblem):
    """An index written by another version of newsidx, with another schema."""


class NotFoundError(NewsIndexError):
    """An article id that is not in the index."""

    exit_code = 1


class InputError(NewsIndexError):
    """An input file that cannot be read as an article (binary, empty, too large, malformed)."""

    exit_code = 3

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NoInputError(InputError):
    """No readable article among the given paths."""


class IndexLockedError(NewsIndexError):
    """Another process is writing the index."""

    exit_code = 4


class IndexDamagedError(NewsIndexError):
    """An index file that does not hold what the index says it holds."""

    exit_code = 6


class ModelMissingError(NewsIndexError):
    """The spaCy model package is not installed."""

    exit_code = 5
