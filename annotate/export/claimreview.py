"""schema.org ClaimReview export (JSON-LD): a list of ClaimReview objects, one per approved claim
that has a verdict, each with its own `@context` so it can be published alone.

Google's required fields: `claimReviewed` (the restatement, else the quote), `reviewRating` with
`alternateName` (the verdict label) and `url` (a published claim's public page, or the outlet's
article with it, from `ExportOptions.review_urls`; else the configured fact-check base URL plus the
claim id). Recommended fields: `author` (the newsroom Organization), `datePublished` (the approval
date), `ratingValue`/`bestRating`/`worstRating` (only for rated verdicts) and `itemReviewed`, a
Claim with its `author` (the claimant, as a Person: the data does not say whether it is a person or
an organization), `datePublished` (the document's publication date) and `appearance` /
`firstAppearance` (the document's source URL, when it has one); the Claim and its appearance carry
`inLanguage`, the article's language.

Claims not approved, and approved claims without a verdict (no rating to publish), are left out.

The output is meant to be pasted into `<script type="application/ld+json">`, so `<`, `>` and `&`
are written as JSON `\\u` escapes: user text cannot close the script element.
"""

from __future__ import annotations

import json
import re
from typing import Any

from annotate.document_data import ClaimData, DocumentData, ExportOptions, VerdictData
from annotate.export.common import claim_url, http_url

CONTEXT = "https://schema.org"
# The same JSON, safe inside an HTML script element.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def render(doc: DocumentData, options: ExportOptions) -> bytes:
    """The ClaimReviews of `doc`'s approved claims, UTF-8 JSON-LD (a list, maybe empty)."""
    return render_many([doc], options)


def render_many(docs: list[DocumentData], options: ExportOptions) -> bytes:
    """The ClaimReviews of several documents in one list."""
    reviews = [review for doc in docs for review in claim_reviews(doc, options)]
    return script_json(reviews).encode("utf-8")


def published_claim_review(
    doc: DocumentData, options: ExportOptions, *, url: str
) -> dict[str, Any] | None:
    """The ClaimReview of `doc`'s one claim as its public page embeds it: its `url` is `url`
    (that page, or the outlet's own article). None when the claim has no verdict to publish."""
    reviews = claim_reviews(doc, options)
    if not reviews:
        return None
    return {**reviews[0], "url": url}


def script_json(value: Any) -> str:
    """`value` as JSON safe inside an HTML <script type="application/ld+json"> element."""
    return json.dumps(value, ensure_ascii=False, indent=2).translate(_SCRIPT_SAFE)


def claim_reviews(doc: DocumentData, options: ExportOptions) -> list[dict[str, Any]]:
    """One ClaimReview dict per approved claim with a verdict, in text order."""
    verdicts = doc.verdicts()
    item_base = _claim_base(doc)
    author = _organization(options)
    return [
        claim_review(claim, verdicts[claim.verdict], item_base, author, options)
        for claim in sorted(doc.claims, key=lambda claim: (claim.start, -claim.end, claim.id))
        if claim.status == "approved" and claim.verdict in verdicts
    ]


def claim_review(
    claim: ClaimData,
    verdict: VerdictData,
    item_base: dict[str, Any],
    author: dict[str, Any],
    options: ExportOptions,
) -> dict[str, Any]:
    """One ClaimReview."""
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": options.review_urls.get(claim.id) or claim_url(claim, options),
        "claimReviewed": claim.restatement.strip() or claim.quote,
        "author": author,
        "reviewRating": _rating(verdict),
        "itemReviewed": _item(claim, item_base),
    }
    approved = claim.approved_at or claim.updated_at
    review["datePublished"] = approved.date().isoformat()
    return review


def _rating(verdict: VerdictData) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.label}
    if verdict.rating_value is not None:
        rating["ratingValue"] = verdict.rating_value
        if verdict.best_rating is not None:
            rating["bestRating"] = verdict.best_rating
        if verdict.worst_rating is not None:
            rating["worstRating"] = verdict.worst_rating
    return rating


def _claim_base(doc: DocumentData) -> dict[str, Any]:
    """The parts of itemReviewed every claim of the document shares."""
    item: dict[str, Any] = {"@type": "Claim"}
    language = _language(doc.language)
    if language:
        # The claim is made in the article's language (the review may be in another).
        item["inLanguage"] = language
    if doc.published_on:
        item["datePublished"] = doc.published_on.isoformat()
    url = http_url(doc.source_url) if doc.source_url else None
    if url:
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": url}
        if doc.title:
            appearance["headline"] = doc.title
        if language:
            appearance["inLanguage"] = language
        item["appearance"] = appearance
        item["firstAppearance"] = appearance
    return item


def _language(code: str) -> str:
    """A BCP 47 tag as schema.org's inLanguage takes it, or "" for none or "und"."""
    code = (code or "").strip()
    return code if _LANGUAGE_TAG.fullmatch(code) and code.lower() != "und" else ""


def _item(claim: ClaimData, base: dict[str, Any]) -> dict[str, Any]:
    item = dict(base)
    if claim.claimant.strip():
        item["author"] = {"@type": "Person", "name": claim.claimant.strip()}
    return item


def _organization(options: ExportOptions) -> dict[str, Any]:
    organization: dict[str, Any] = {"@type": "Organization", "name": options.organization_name}
    url = http_url(options.organization_url) if options.organization_url else None
    if url:
        organization["url"] = url
    return organization
