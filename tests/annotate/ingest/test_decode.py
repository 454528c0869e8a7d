"""Tests for annotate.ingest.decode: bytes of text files to str."""

from __future__ import annotations

import codecs
import io
import random
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotate.ingest import decode, errors
from annotate.ingest.decode import bom_encoding, decode_chunks, decode_text, utf16_order
from annotate.ingest.errors import ImportRejected

FRENCH = "Le maire a déclaré que l’été serait chaud à Paris. « Ça va coûter cher », dit-il."
GERMAN = "Der Bürgermeister sagte, die Straße werde im März grün."
RUSSIAN = "Мэр города заявил, что бюджет утверждён. Депутаты проголосовали единогласно."
JAPANESE = "市長は予算が承認されたと述べました。議会は全会一致で可決しました。"


def test_utf8_without_bom() -> None:
    """Plain UTF-8 decodes as UTF-8."""
    assert decode_text(FRENCH.encode("utf-8")) == FRENCH


def test_utf8_with_bom_drops_the_mark() -> None:
    """A UTF-8 byte-order mark is removed from the text."""
    assert decode_text(codecs.BOM_UTF8 + FRENCH.encode("utf-8")) == FRENCH


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    """UTF-16 and UTF-32 with a byte-order mark decode in the marked byte order."""
    data = FRENCH.encode(codec)
    if codec != "utf-16" and codec != "utf-32":
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    assert decode_text(data) == FRENCH


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_found_by_its_nul_pattern(codec: str) -> None:
    """UTF-16 without a mark is recognized from NULs on every other byte."""
    assert utf16_order(FRENCH.encode(codec)) == codec
    assert decode_text(FRENCH.encode(codec)) == FRENCH


def test_windows_1252_smart_quotes() -> None:
    """Windows-1252 text with curly quotes and dashes decodes as Windows-1252."""
    text = "The mayor said “no” — it’s over. Costs rose 5 € per ticket…"
    assert decode_text(text.encode("cp1252")) == text


@pytest.mark.parametrize("text", ["café", GERMAN, "Ça coûte « cher » à l'été."])
def test_latin1_and_short_western_texts(text: str) -> None:
    """Short Latin-1 texts, where detectors guess wrong, decode as Western text."""
    assert decode_text(text.encode("latin-1")) == text


def test_cyrillic_single_byte_is_detected() -> None:
    """A Windows-1251 Russian text is detected, not read as Western mojibake."""
    assert decode_text(RUSSIAN.encode("cp1251")) == RUSSIAN


def test_shift_jis_is_detected() -> None:
    """A Shift-JIS Japanese text is detected."""
    assert decode_text(JAPANESE.encode("shift_jis")) == JAPANESE


def test_declared_charset_is_used() -> None:
    """An encoding the file declares wins over detection."""
    assert decode_text(RUSSIAN.encode("koi8-r"), declared="koi8-r") == RUSSIAN


def test_declared_latin1_means_windows_1252() -> None:
    """A page declaring ISO-8859-1 is read as Windows-1252, as browsers do."""
    assert decode_text("it’s".encode("cp1252"), declared="iso-8859-1") == "it’s"


def test_wrong_or_unknown_declaration_falls_back_to_detection() -> None:
    """A declaration that cannot decode the bytes, or names no codec, is ignored."""
    assert decode_text(FRENCH.encode("utf-8"), declared="ascii-nonsense") == FRENCH
    assert decode_text(FRENCH.encode("utf-8"), declared="us-ascii") != ""


def test_nul_bytes_outside_utf16_are_binary() -> None:
    """NUL bytes that are not UTF-16 mean a binary file."""
    with pytest.raises(ImportRejected) as caught:
        decode_text(b"hello\x00\x00\x00\x01world, this is not text\x00")
    assert caught.value.message == "This looks like a binary file, not a text file."


def test_control_characters_mean_binary() -> None:
    """Decodable bytes full of control characters are a binary file."""
    with pytest.raises(ImportRejected) as caught:
        decode_text(bytes(range(1, 32)) * 20)
    assert caught.value.message == errors.BINARY


def test_bad_utf16_after_a_bom() -> None:
    """A UTF-16 mark followed by invalid UTF-16 (a lone surrogate) is refused."""
    with pytest.raises(ImportRejected) as caught:
        decode_text(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8b\x00")
    assert caught.value.message == (
        "The file says it is UTF-16 text but holds bytes that are not valid UTF-16."
    )


def test_undetectable_bytes() -> None:
    """Bytes no encoding reads as text are refused with a plain message."""
    generator = random.Random(4)
    noise = bytes(generator.randrange(0x80, 0x100) for _ in range(400))
    with pytest.raises(ImportRejected) as caught:
        decode_text(noise)
    assert caught.value.message == "We could not detect the text encoding."


def test_bom_encoding() -> None:
    """The byte-order mark names its codec; UTF-32 is told apart from UTF-16."""
    assert bom_encoding(codecs.BOM_UTF32_LE + b"a\x00\x00\x00") == "utf-32-le"
    assert bom_encoding(codecs.BOM_UTF16_LE + b"a\x00") == "utf-16-le"
    assert bom_encoding(b"plain") is None


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"))))
def test_any_utf8_text_round_trips(text: str) -> None:
    """Every text without control characters comes back from its UTF-8 bytes."""
    assert decode_text(text.encode("utf-8")) == text


@given(st.binary(max_size=512))
def test_any_bytes_give_text_or_a_refusal(data: bytes) -> None:
    """Arbitrary bytes decode or raise ImportRejected, never another exception."""
    try:
        assert isinstance(decode_text(data), str)
    except ImportRejected as rejected:
        assert rejected.message


def test_cyrillic_amid_ascii_markup_is_not_read_as_western() -> None:
    """Mostly-ASCII markup around Windows-1251 words still decodes as Cyrillic."""
    markup = "<item><title>" + RUSSIAN + "</title><link>https://example.org/a</link></item>"
    assert decode_text((markup * 3).encode("cp1251")) == markup * 3


@pytest.mark.parametrize("codec", ["iso2022_jp", "iso2022_kr"])
def test_iso2022_email_text(codec: str) -> None:
    """7-bit ISO-2022 Japanese and Korean text is decoded, not taken for binary."""
    text = JAPANESE if codec == "iso2022_jp" else "시장은 예산이 승인되었다고 말했다."
    assert decode_text(text.encode(codec)) == text


# --- decode_chunks: the same answers, a chunk at a time -----------------------------------------


def _outcome(decode) -> str:
    try:
        return "text:" + decode()
    except ImportRejected as rejected:
        return "refused:" + rejected.message


def _streamed(data: bytes, declared: str | None = None) -> str:
    with mock.patch.object(decode, "CHUNK_BYTES", 5):
        return "".join(decode_chunks(lambda: io.BytesIO(data), declared))


SAMPLES = [
    FRENCH.encode("utf-8"),
    codecs.BOM_UTF8 + FRENCH.encode("utf-8"),
    FRENCH.encode("utf-16"),
    GERMAN.encode("utf-16-be"),
    FRENCH.encode("utf-32"),
    "“Smart” quotes — and a dash".encode("cp1252"),
    GERMAN.encode("latin-1"),
    (RUSSIAN * 3).encode("cp1251"),
    (JAPANESE * 3).encode("shift_jis"),
    JAPANESE.encode("iso2022_jp"),
    "시장은 예산이 승인되었다고 말했다.".encode("iso2022_kr"),
    b"text\x00with nul",
    b"\x01\x02\x03 mostly controls \x04",
    codecs.BOM_UTF16_LE + b"\x00\xd8",
    bytes(range(128, 256)) * 2,
]


@pytest.mark.parametrize("data", SAMPLES)
def test_decode_chunks_agrees_with_decode_text(data: bytes) -> None:
    assert _outcome(lambda: _streamed(data)) == _outcome(lambda: decode_text(data))


@pytest.mark.parametrize("declared", ["windows-1251", "utf-8", "latin-1", "no-such-charset"])
def test_decode_chunks_agrees_on_declared_charsets(declared: str) -> None:
    data = (RUSSIAN * 2).encode("cp1251")
    assert _outcome(lambda: _streamed(data, declared)) == _outcome(
        lambda: decode_text(data, declared)
    )


@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "replace")))
def test_decode_chunks_agrees_on_any_bytes(data: bytes) -> None:
    """Chunks of 5 bytes: multi-byte characters and marks cut across chunks decode whole."""
    assert _outcome(lambda: _streamed(data)) == _outcome(lambda: decode_text(data))
