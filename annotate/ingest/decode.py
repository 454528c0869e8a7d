"""Turn the bytes of a text file (plain text, Markdown, HTML) into a ``str``.

The order of guesses, and why:

1. A byte-order mark (UTF-8, UTF-16, UTF-32) is taken at its word.
2. An encoding the file declares (an HTML ``<meta charset>``) is tried next; labels for
   ASCII and Latin-1 mean Windows-1252, as in browsers.
3. NUL bytes only make sense as UTF-16 without a mark; the pattern of NULs (every other
   byte) says which byte order. Other NULs mean a binary file.
4. ISO-2022 (7-bit Japanese and Korean e-mail), recognized by its escape sequences.
   Then strict UTF-8: by far the common case, and a valid UTF-8 text with non-ASCII bytes is
   almost never something else.
5. Windows-1252 (Latin-1 as a last resort) when the decoded text reads as Western (see
   ``_reads_western``). ``charset-normalizer`` guesses wrong on Western texts, short or
   long (it calls "café" UTF-16 and German or Portuguese prose Windows-1250), so it is
   asked only after this. The price: Central European texts in Windows-1250 or
   ISO-8859-2 read as Windows-1252, with a few letters wrong (ő as õ).
6. ``charset-normalizer`` for the rest (Cyrillic, Greek, CJK single- and multi-byte).

Decoded text with many control characters is a binary file, whatever decoded it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from charset_normalizer import from_bytes

from annotate.ingest import errors
from annotate.ingest.errors import ImportRejected

_BOMS = (
    # UTF-32 first: its little-endian mark starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# WHATWG Encoding: these labels are decoded as windows-1252 by every browser.
_AS_WINDOWS_1252 = {"ascii", "latin_1", "iso8859_1", "cp1252"}
_SAMPLE = 4096
# Share of accented words that must also hold ASCII letters in a Western text.
_WESTERN_MIXED = 0.5
_WORD = re.compile(r"[^\W\d_]+")
_ISO2022_ESCAPE = re.compile(rb"\x1b(?:\$[@AB()]|\([BJ]|\$\)C)")
_C1_CONTROL = re.compile(r"[\x80-\x9f]")
# Control characters (Cc) that do not occur in real text; \t \n \v \f \r, NEL and the old
# DOS end-of-file mark \x1a (SUB) do, so they are left out.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x84\x86-\x9f]")


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Return ``data`` decoded to text, or raise ``ImportRejected``.

    ``declared`` is a charset label found in the file (for HTML); unknown labels are
    ignored. The result keeps its line endings; a byte-order mark is removed.
    """
    text = _decode(data, declared)
    if _looks_binary(text):
        raise ImportRejected(errors.BINARY)
    return text


def utf16_order(data: bytes) -> str | None:
    """Return ``"utf-16-le"``/``"utf-16-be"`` if NULs fall on every other byte, else ``None``.

    ASCII text in UTF-16 has a NUL in the high byte of each code unit: on odd offsets in
    little-endian, on even offsets in big-endian.
    """
    sample = data[:_SAMPLE]
    even, odd = sample[0::2], sample[1::2]
    if not even or not odd:
        return None
    nul_even = even.count(0) / len(even)
    nul_odd = odd.count(0) / len(odd)
    if nul_odd >= 0.3 and nul_even <= 0.05:
        return "utf-16-le"
    if nul_even >= 0.3 and nul_odd <= 0.05:
        return "utf-16-be"
    return None


def bom_encoding(data: bytes) -> str | None:
    """Return the codec named by ``data``'s byte-order mark, or ``None``."""
    for bom, codec, _name in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def _decode(data: bytes, declared: str | None) -> str:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec, name)
    declared_codec = _codec_for_label(declared)
    if declared_codec is not None:
        try:
            return data.decode(declared_codec)
        except UnicodeDecodeError:
            pass  # Declarations lie often enough; detect instead.
    order = utf16_order(data)
    if order is not None:
        return _strict(data, order, "UTF-16")
    if b"\x00" in data:
        raise ImportRejected(errors.BINARY)
    iso2022 = _iso2022(data)
    if iso2022 is not None:
        return iso2022
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = _western(data)
    if western is not None:
        return western
    return _detected(data)


def _iso2022(data: bytes) -> str | None:
    """Return 7-bit ISO-2022 text (Japanese or Korean e-mail) decoded, else ``None``.

    It is valid ASCII, so UTF-8 would take it, escape characters and all.
    """
    if _ISO2022_ESCAPE.search(data) is None:
        return None
    codec = "iso2022_kr" if b"\x1b$)C" in data else "iso2022_jp_2"
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise ImportRejected(errors.invalid_for_encoding(name)) from None


def _codec_for_label(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except (LookupError, ValueError):
        return None
    normalized = name.replace("-", "_")
    if normalized in _AS_WINDOWS_1252:
        return "cp1252"
    return name


def _western(data: bytes) -> str | None:
    """Return ``data`` as Windows-1252 (or Latin-1) if the result reads as Western text."""
    for codec in ("cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _C1_CONTROL.search(text) and _reads_western(text):
            return text
    return None


def _reads_western(text: str) -> bool:
    """Tell whether most words with non-ASCII letters also hold ASCII letters.

    Accents sit inside otherwise ASCII words in Western languages ("déclaré", "Straße").
    Cyrillic, Greek, Hebrew or CJK bytes read as Windows-1252 give words made only of
    accented letters ("Ìýð ãîðîäà"), however much ASCII markup surrounds them.
    """
    accented = [word for word in _WORD.findall(text) if not word.isascii()]
    if not accented:
        return True
    mixed = sum(1 for word in accented if any(c.isascii() for c in word))
    return mixed >= _WESTERN_MIXED * len(accented)


def _detected(data: bytes) -> str:
    best = from_bytes(data).best()
    if best is None:
        raise ImportRejected(errors.UNKNOWN_ENCODING)
    return str(best)


def _looks_binary(text: str) -> bool:
    """Tell whether more than 1% of ``text`` (and at least 3 chars) are control characters."""
    controls = len(_CONTROL.findall(text))
    return controls >= 3 and controls > len(text) / 100


# --- Streaming: the same guesses, over a file read in chunks -----------------------------------

CHUNK_BYTES = 1 << 20
# charset-normalizer sees this much of a file that is neither UTF-8 nor Western.
_DETECT_SAMPLE = 1 << 20

Opener = Callable[[], BinaryIO]


def decode_chunks(open_binary: Opener, declared: str | None = None) -> Iterator[str]:
    """Yield the text of a file in chunks: what ``decode_text`` returns for its bytes.

    ``open_binary`` opens the file (it is opened twice: one pass picks the encoding the
    way ``_decode`` does, the next decodes). The memory used is a chunk or two. A file
    whose encoding only ``charset-normalizer`` can name is decoded with what it finds
    in the first megabyte (bytes past that which do not fit become U+FFFD). The binary
    check of ``decode_text`` is applied to the whole text: ``ImportRejected`` may come
    after some chunks were yielded.
    """
    codec, skip, strict_name = _stream_codec(open_binary, declared)
    decoder = codecs.getincrementaldecoder(codec)("strict" if strict_name else "replace")
    controls = length = 0
    with open_binary() as handle:
        handle.read(skip)
        while True:
            data = handle.read(CHUNK_BYTES)
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError:
                raise ImportRejected(errors.invalid_for_encoding(strict_name)) from None
            controls += len(_CONTROL.findall(text))
            length += len(text)
            if text:
                yield text
            if not data:
                break
    if controls >= 3 and controls > length / 100:
        raise ImportRejected(errors.BINARY)


def _stream_codec(open_binary: Opener, declared: str | None) -> tuple[str, int, str]:
    """Return (codec, bytes of mark to skip, name for errors or "" to decode leniently)."""
    with open_binary() as handle:
        head = handle.read(_SAMPLE)
    for bom, codec, name in _BOMS:
        if head.startswith(bom):
            return codec, len(bom), name
    declared_codec = _codec_for_label(declared)
    if declared_codec is not None and _decodes(open_binary, declared_codec):
        return declared_codec, 0, declared_codec
    order = utf16_order(head)
    if order is not None:
        return order, 0, "UTF-16"
    scan = _scan(open_binary)
    if scan.nul:
        raise ImportRejected(errors.BINARY)
    if scan.iso2022 and _decodes(open_binary, scan.iso2022):
        return scan.iso2022, 0, scan.iso2022
    if scan.utf8:
        return "utf-8", 0, "UTF-8"
    for codec in ("cp1252", "latin-1"):
        if _reads_western_file(open_binary, codec):
            return codec, 0, codec
    with open_binary() as handle:
        best = from_bytes(handle.read(_DETECT_SAMPLE)).best()
    if best is None:
        raise ImportRejected(errors.UNKNOWN_ENCODING)
    return best.encoding, 0, ""


@dataclass
class _Scan:
    nul: bool = False
    iso2022: str = ""
    utf8: bool = True


def _scan(open_binary: Opener) -> _Scan:
    """One pass over the bytes: NULs, ISO-2022 escapes, and whether it is valid UTF-8."""
    scan = _Scan()
    decoder = codecs.getincrementaldecoder("utf-8")()
    tail = b""  # an escape sequence may straddle two chunks
    with open_binary() as handle:
        while True:
            data = handle.read(CHUNK_BYTES)
            scan.nul = scan.nul or b"\x00" in data
            window = tail + data
            if _ISO2022_ESCAPE.search(window):
                korean = b"\x1b$)C" in window or scan.iso2022 == "iso2022_kr"
                scan.iso2022 = "iso2022_kr" if korean else "iso2022_jp_2"
            tail = data[-3:]
            if scan.utf8:
                try:
                    decoder.decode(data, final=not data)
                except UnicodeDecodeError:
                    scan.utf8 = False
            if not data:
                return scan


def _decodes(open_binary: Opener, codec: str) -> bool:
    """Tell whether the whole file decodes in ``codec``."""
    decoder = codecs.getincrementaldecoder(codec)()
    with open_binary() as handle:
        while True:
            data = handle.read(CHUNK_BYTES)
            try:
                decoder.decode(data, final=not data)
            except UnicodeDecodeError:
                return False
            if not data:
                return True


def _reads_western_file(open_binary: Opener, codec: str) -> bool:
    """``_western`` over a file: decodes, has no C1 controls, and reads as Western text."""
    decoder = codecs.getincrementaldecoder(codec)()
    accented = mixed = 0
    carry = ""  # a word may straddle two chunks
    with open_binary() as handle:
        while True:
            data = handle.read(CHUNK_BYTES)
            try:
                text = carry + decoder.decode(data, final=not data)
            except UnicodeDecodeError:
                return False
            if _C1_CONTROL.search(text):
                return False
            words = _WORD.findall(text)
            # A word at the end may go on in the next chunk.
            carry = words.pop() if data and words and text.endswith(words[-1]) else ""
            for word in words:
                if not word.isascii():
                    accented += 1
                    mixed += any(c.isascii() for c in word)
            if not data:
                return not accented or mixed >= _WESTERN_MIXED * accented
