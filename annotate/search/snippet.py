"""An engine's snippet (matched words between two marker characters) as plain parts.

Both engines are asked to wrap each matched word in ``START``/``STOP``, two private-use
characters that text does not use. The template renders the parts with auto-escaping, a hit
inside ``<mark>``: the snippet never becomes markup of its own, so nothing is marked safe.
"""

from __future__ import annotations

from dataclasses import dataclass

START = "\ue000"
STOP = "\ue001"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Part:
    text: str
    hit: bool = False


def parts(marked: str) -> list[Part]:
    """``marked`` cut at its markers; unbalanced markers are dropped, never shown."""
    result: list[Part] = []
    hit = False
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            text = "".join(buffer)
            if result and result[-1].hit == hit:
                result[-1] = Part(result[-1].text + text, hit)
            else:
                result.append(Part(text, hit))
            buffer.clear()

    for character in marked or "":
        if character in (START, STOP):
            flush()
            hit = character == START
        else:
            buffer.append(character)
    flush()
    return [Part(" ".join(part.text.split("\n")), part.hit) for part in result]


def locator(marked: str, width: int = 60) -> str:
    """A stretch of the original text that ends with the first matched word: found again in
    the document, it says which sentence the hit is in. Empty when nothing was marked."""
    start = marked.find(START)
    if start < 0:
        return ""
    stop = marked.find(STOP, start)
    stop = len(marked) if stop < 0 else stop
    before = marked[:start].replace(STOP, "").replace(START, "")
    if before.startswith(ELLIPSIS):
        before = before[len(ELLIPSIS) :]
    word = marked[start + 1 : stop]
    tail = before[-max(0, width - len(word)) :] if width > len(word) else ""
    # Leading space may be the separator between indexed fields, not document text.
    return (tail + word).lstrip()
