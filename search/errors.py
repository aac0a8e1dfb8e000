"""One exception hierarchy; each error says what went wrong and what to do about it, and
carries the exit status the command line ends with (`ExitStatus`)."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """How a `newsidx` command ends (as httpie's ExitStatus): what scripts can test."""

    OK = 0  # results found, work done
    NO_RESULTS = 1  # nothing matched; no such article
    USAGE = 2  # a bad option, value or query
    BAD_INPUT = 3  # no readable article among the inputs
    LOCKED = 4  # another process is writing the index
    MODEL_MISSING = 5  # the NER model package is not installed
    DAMAGED = 6  # an index file does not hold what the index says
    INTERRUPTED = 130  # Ctrl-C

    @classmethod
    def described(cls) -> str:
        """The statuses as the top-level help lists them."""
        return ", ".join(f"{s.value} {_WORDS[s]}" for s in cls)


_WORDS = {
    ExitStatus.OK: "results",
    ExitStatus.NO_RESULTS: "no results",
    ExitStatus.USAGE: "usage or query error",
    ExitStatus.BAD_INPUT: "unreadable input",
    ExitStatus.LOCKED: "index locked",
    ExitStatus.MODEL_MISSING: "NER model missing",
    ExitStatus.DAMAGED: "index damaged",
    ExitStatus.INTERRUPTED: "interrupted",
}


class NewsIndexError(Exception):
    """Base of every error newsidx raises on purpose."""

    exit_code = ExitStatus.NO_RESULTS


class UsageProblem(NewsIndexError):
    """The user asked for something that cannot be done as asked (bad option, bad value)."""

    exit_code = ExitStatus.USAGE


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

    exit_code = ExitStatus.NO_RESULTS


class InputError(NewsIndexError):
    """An input file that cannot be read as an article (binary, empty, too large, malformed)."""

    exit_code = ExitStatus.BAD_INPUT

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NoInputError(InputError):
    """No readable article among the given paths."""


class IndexLockedError(NewsIndexError):
    """Another process is writing the index."""

    exit_code = ExitStatus.LOCKED


class IndexDamagedError(NewsIndexError):
    """An index file that does not hold what the index says it holds."""

    exit_code = ExitStatus.DAMAGED


class DamagedStore(IndexDamagedError):
    """A derived store's files do not hold what its table says (a damaged or foreign file);
    searches rebuild the store in memory from the index instead."""


class StoredDamaged(IndexDamagedError):
    """An article's stored fields cannot be read back (a damaged `_stored.col`)."""


class ModelMissingError(NewsIndexError):
    """The spaCy model package is not installed."""

    exit_code = ExitStatus.MODEL_MISSING
