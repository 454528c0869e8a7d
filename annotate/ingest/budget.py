"""Bounds on the work a reader does, so that one hostile file cannot keep a worker busy.

Two kinds of guard, used by every reader: checks that run before parsing, in linear
time, and refuse input whose shape makes a parser slow or lossy (brackets nested
thousands deep, elements nested past what lxml keeps, an element with a hundred
thousand attributes); and a CPU-time budget that a parser checks as it goes, for the
shapes no check foresaw. The budget counts this thread's CPU time, not the wall clock,
so a loaded machine does not make a normal file fail; it grows with the file's size so
that a big file that parses in linear time is never refused.
"""

from __future__ import annotations

import re
import time

from annotate.ingest.errors import ImportRejected

BASE_SECONDS = 5.0
SECONDS_PER_MB = 5.0


class Budget:
    """CPU time a reader may spend on one file; ``check`` raises once it is spent."""

    def __init__(self, size: int, message: str) -> None:
        self.seconds = BASE_SECONDS + SECONDS_PER_MB * size / 1_000_000
        self.message = message
        self._deadline = time.thread_time() + self.seconds

    def check(self) -> None:
        if time.thread_time() > self._deadline:
            raise ImportRejected(self.message)


_ESCAPED = re.compile(r"\\.", re.DOTALL)
_NOT_BRACKET = {"[": re.compile(r"[^\[\]]+"), "(": re.compile(r"[^()]+")}


def brackets_too_deep(text: str, limit: int, opener: str = "[") -> bool:
    """Tell whether brackets nest more than ``limit`` deep, or more than ``limit`` stay open.

    This is what makes bracket parsers slow: every opener that is never closed, or that
    encloses many levels, sends the parser scanning to its end. Escaped brackets
    (``\\[``) do not count; a closing bracket with nothing open closes nothing. At most
    ``limit`` passes of ``str.replace`` over the brackets, whatever the input.
    """
    closer = "]" if opener == "[" else ")"
    marks = _NOT_BRACKET[opener].sub("", _ESCAPED.sub("", text))
    pair = opener + closer
    # Each pass removes the innermost pairs: a pair left after ``limit`` passes encloses
    # more than ``limit`` levels. Without pairs, what is left reads ")))(((" and its
    # openers are all open at the end.
    for _ in range(limit):
        reduced = marks.replace(pair, "")
        if reduced == marks:
            break
        marks = reduced
    return pair in marks or marks.count(opener) > limit
