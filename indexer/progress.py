"""Progress of a long run: a bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time

PLAIN_EVERY_S = 5.0
BAR_WIDTH = 30


class Progress:
    """Call with (done, total); prints count, rate and ETA to stderr."""

    def __init__(self, label: str, stream=None, enabled: bool = True):
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = self.stream.isatty()
        self.started = time.monotonic()
        self.last_print = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0 or done == 0:
            return
        now = time.monotonic()
        finished = done >= total
        if self.tty:
            if now - self.last_print < 0.1 and not finished:
                return
        elif now - self.last_print < PLAIN_EVERY_S and not finished:
            return
        self.last_print = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        eta = (total - done) / rate if rate > 0 else 0
        stats = f"{done}/{total} {self.label}  {rate:.0f}/s  ETA {_clock(eta)}"
        if self.tty:
            filled = int(BAR_WIDTH * done / total)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {100 * done // total:3d}% {stats}\033[K")
            if finished:
                self.stream.write("\n")
        else:
            self.stream.write(f"{stats}\n")
        self.stream.flush()
        self.shown = True


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def display_path(name: str) -> str:
    """A path safe to print: undecodable bytes and control characters escaped."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)
