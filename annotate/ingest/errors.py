"""The one error an import reader raises, and the plain-words messages it carries.

Every reader in ``annotate.ingest`` turns bad input into ``ImportRejected``; callers show
``error.message`` to the user as it is, so messages are written for a newsroom, not for
a programmer. Messages that do not depend on the input are constants here, so tests and
callers can compare against them.
"""

from __future__ import annotations

SUPPORTED_EXTENSIONS = ".txt, .md, .html, .htm, .docx or .json"

EMPTY = "The file is empty."
NO_EXTENSION = f"The file name has no extension. Use {SUPPORTED_EXTENSIONS}."
BINARY = "This looks like a binary file, not a text file."
UNKNOWN_ENCODING = "We could not detect the text encoding."
HTML_NO_TEXT = "The HTML page has no article text we could find."
HTML_UNREADABLE = "The HTML page could not be read."
HTML_TOO_DEEP = (
    "The HTML page is too deeply nested to read: its elements go more than 250 levels deep."
)
HTML_TOO_MANY_ELEMENTS = "The HTML page has more than 100,000 elements, too many to read."
HTML_TOO_MANY_ATTRIBUTES = (
    "The HTML page has an element with more than 1,000 attributes; it is not a page we can read."
)
DOCX_NOT_ZIP = "The Word file is damaged (not a valid .docx zip)."
DOCX_NOT_WORD = "The zip file is not a Word document."
DOCX_UNREADABLE = "The Word file is damaged: we could not read its text."
DOCX_TOO_BIG = "The Word file expands to more than 200 MB; refusing a possible zip bomb."
DOCX_RATIO = (
    "The Word file holds a part that expands more than 100 times; refusing a possible zip bomb."
)
DOCX_TOO_MANY_PARTS = "The Word file holds more than 10,000 parts; refusing a possible zip bomb."
DOCX_DTD = "The Word file holds XML with a DTD or entity declarations, which we refuse for safety."
DOCX_NO_TEXT = "The Word file has no text."
DOCX_TOO_DEEP = (
    "The Word file is too deeply nested to read: its XML goes more than 256 levels deep."
)
DOCX_TOO_SLOW = "The Word file is too complex to read in the time we allow."
MARKDOWN_UNREADABLE = "The Markdown file could not be read."
MARKDOWN_NO_TEXT = "The Markdown file has no text."
MARKDOWN_TOO_DEEP = "The Markdown file nests quotes or lists more than 100 levels deep."
MARKDOWN_TOO_DEEP_BRACKETS = (
    "The Markdown file is too deeply nested to read: it opens more than 32 [ brackets"
    " inside one another or leaves them unclosed."
)
MARKDOWN_TOO_SLOW = (
    "The Markdown file is too complex to read in the time we allow; save it as plain text."
)


def small_extraction(words: int) -> str:
    """Return the warning for a page whose extracted article is much smaller than the page."""
    found = "only 1 word was found" if words == 1 else f"only {words} words were found"
    return f"{found[0].upper()}{found[1:]}; the page may need a different extraction."


def unsupported_extension(extension: str) -> str:
    """Return the message for a file whose extension no reader handles."""
    return f"Unsupported file type '{extension}'. Use {SUPPORTED_EXTENSIONS}."


def invalid_for_encoding(encoding: str) -> str:
    """Return the message for bytes that break the encoding the file itself declares."""
    return f"The file says it is {encoding} text but holds bytes that are not valid {encoding}."


def looks_like(what: str, expected: str) -> str:
    """Return the message for content that is ``what`` in a file named as ``expected``."""
    return f"This looks like {what}, not {expected}. Save the article as .txt, .md, .html or .docx."


class ImportRejected(Exception):
    """The input cannot become a document; ``message`` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
