"""Small helpers shared by the renderers: URLs of our own pages, safe outside links, dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from annotate.document_data import ClaimData, DocumentData, ExportOptions

# Characters kept as they are when percent-encoding a URL (RFC 3986 reserved + unreserved + "%").
_URL_SAFE = ":/?#[]@!$&'()*+,;=-._~%"
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
NEUTRAL_COLOUR = "#9e9e9e"


def claim_url(claim: ClaimData, options: ExportOptions) -> str:
    """The public page of a fact-check: the configured base URL plus the claim id."""
    return f"{options.fact_check_base_url}{claim.id}"


def document_url(doc: DocumentData, options: ExportOptions) -> str:
    """Our page of the document (see ExportOptions.document_base_url)."""
    if options.document_base_url:
        return f"{options.document_base_url}{doc.id}/"
    return urljoin(options.fact_check_base_url, f"/documents/{doc.id}/")


def http_url(url: str) -> str | None:
    """`url` as an ASCII http(s) URI fit for an href or an id, or None when it is anything else.

    Only http and https with a host pass, so `javascript:`, `data:` and relative links never reach
    the output. Spaces and non-ASCII characters are percent-encoded (hosts IDNA-encoded) because
    the W3C schemas check ids and sources with an RFC 3986 `uri` format.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            # Only the host may be international; user info and port stay ASCII or fail here.
            netloc = netloc.replace(host, host.encode("idna").decode("ascii"))
            netloc.encode("ascii")
        except UnicodeError:
            return None
    if any(char in netloc for char in ' <>"\\^`{|}'):
        return None
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            quote(parts.fragment, safe=_URL_SAFE),
        )
    )


def safe_colour(colour: str) -> str:
    """`colour` if it is exactly `#rrggbb`, else neutral grey (it goes into style attributes)."""
    return colour.lower() if _HEX_COLOUR.fullmatch(colour) else NEUTRAL_COLOUR


def utc_timestamp(moment: datetime) -> str:
    """`moment` as `YYYY-MM-DDTHH:MM:SSZ` (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def claims_scope(doc: DocumentData, options: ExportOptions) -> str:
    """The sentence an export states about which claims it holds."""
    count = len(doc.claims)
    noun = "claim" if count == 1 else "claims"
    if options.approved_only:
        return (
            f"This export holds the {count} approved {noun} only; "
            "drafts and claims in review are left out."
        )
    statuses = sorted({c.status.replace("_", " ") for c in doc.claims if c.status != "approved"})
    if not statuses:
        return f"This export holds all {count} {noun}, every one approved."
    return (
        f"This export holds all {count} {noun}, "
        f"including some not approved ({', '.join(statuses)})."
    )
