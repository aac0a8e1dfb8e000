"""Progress of a long run on stderr: files found while discovering, then articles done with
the share of the input read, the rate and the time left.

On a terminal it is one live line (tqdm's bar, redrawn at most ten times a second; warnings
print above it); otherwise a plain line every PLAIN_EVERY seconds and one at the end, so a
log file gets a readable trace. The input's size is the measure of the whole (files are
counted and sized while they are found; a JSON Lines file advances as its blocks are read, a
.gz by its compressed bytes), so the bar moves from the first file even when the number of
articles is not known before they are read."""

from __future__ import annotations

import sys
import time
from typing import IO, Any

PLAIN_EVERY = 10.0  # seconds between plain lines when stderr is not a terminal


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class Progress:
    """What an index run reports as it goes; every method is cheap enough to call per article."""

    def __init__(self, stream: IO[str] | None = None, *, live: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.files = 0
        self.total = 0  # bytes of input found
        self.done = 0  # bytes of input read
        self.articles = 0
        self.started = time.monotonic()
        self._last_plain = self.started
        self._bar: Any = None
        self._phase = "discovering"

    # -- discovering ---------------------------------------------------------------------
    def found(self, size: int) -> None:
        """One input file found, of ``size`` bytes."""
        self.files += 1
        self.total += size
        if self.live and self.files % 200 == 0:
            self._line(f"discovering: {self.files:,} files, {self.total / 2**20:,.1f} MB")

    def start(self) -> None:
        """Discovery is over: reading and indexing begin."""
        self._phase = "indexing"
        if self.live:
            from tqdm import tqdm

            self._line("")
            self._bar = tqdm(
                total=max(1, self.total),
                unit="B",
                unit_scale=True,
                file=self.stream,
                mininterval=0.1,
                desc=f"indexing {self.files:,} file{'s' if self.files != 1 else ''}",
                bar_format="{desc}: {percentage:3.0f}%|{bar:20}| {postfix} [{elapsed}<{remaining}]",
                dynamic_ncols=True,
                leave=False,
            )
            self._bar.set_postfix_str("0 articles", refresh=False)
        else:
            self.stream.write(
                f"indexing {self.files:,} file{'s' if self.files != 1 else ''}, "
                f"{self.total / 2**20:,.1f} MB\n"
            )

    # -- indexing ------------------------------------------------------------------------
    def read(self, nbytes: int) -> None:
        """``nbytes`` more of the input read."""
        self.done += nbytes
        if self._bar is not None:
            self._bar.update(nbytes)

    def article(self, count: int = 1) -> None:
        """``count`` more articles done (indexed, updated or found unchanged)."""
        before, self.articles = self.articles, self.articles + count
        now = time.monotonic()
        if self._bar is not None:
            if self.articles // 50 != before // 50:
                rate = self.articles / max(1e-9, now - self.started)
                self._bar.set_postfix_str(f"{self.articles:,} articles, {rate:,.0f}/s")
        elif now - self._last_plain >= PLAIN_EVERY:
            self._last_plain = now
            self.stream.write(self.status(now) + "\n")
            self.stream.flush()

    def status(self, now: float | None = None) -> str:
        """One line: articles, share read, rate and time left."""
        elapsed = (now or time.monotonic()) - self.started
        rate = self.articles / max(1e-9, elapsed)
        line = f"indexed {self.articles:,} articles, {rate:,.0f}/s"
        if self.total:
            share = min(1.0, self.done / self.total)
            line += f", {share:.0%} of the input read"
            if 0.02 < share < 1.0:
                line += f", about {_duration(elapsed * (1 - share) / share)} left"
        return line

    def note(self, message: str) -> None:
        """A warning or other line, printed above the live bar."""
        if self._bar is not None:
            self._bar.clear()
            self.stream.write(message + "\n")
            self._bar.refresh()
        else:
            self._line("")
            self.stream.write(message + "\n")
        self.stream.flush()

    def phase(self, message: str) -> None:
        """A step after reading (committing, writing the stores): shown, not logged twice."""
        if self._bar is not None:
            self._bar.set_description_str(message, refresh=True)
        elif time.monotonic() - self.started >= PLAIN_EVERY:
            self.stream.write(message + "\n")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self._phase == "indexing" and time.monotonic() - self.started >= PLAIN_EVERY:
            self.stream.write(self.status() + "\n")
        self.stream.flush()

    def _line(self, text: str) -> None:
        """Rewrite the terminal's current line (discovering)."""
        if self.live:
            self.stream.write("\r\x1b[K" + text)
            self.stream.flush()
