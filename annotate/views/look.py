"""The current team's verdict colours as a stylesheet: classes instead of inline styles.

The CSP allows no inline styles, so highlights, chips and badges name their verdict with a class
(`v-<id>`, see annotate.palette.verdict_css) and this stylesheet, linked from every page of a
member, gives each class its colours. Cached by the browser and revalidated by ETag.
"""

from __future__ import annotations

import hashlib

from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_GET

from annotate import palette, selectors
from annotate.views.decorators import member_required


@member_required
@require_GET
def verdict_styles(request):
    verdicts = selectors.verdicts_for_team(request.membership.team_id)
    css = palette.verdict_css((v.pk, v.colour) for v in verdicts)
    etag = '"' + hashlib.sha256(css.encode()).hexdigest()[:20] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response
