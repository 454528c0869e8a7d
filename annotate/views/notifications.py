"""The inbox: notifications of the member in their current team, the bell's count, marking read,
and the email choices (settings/notifications/).

Thin: a selector to read (another user's or team's notification is a 404), one service call to
write. htmx requests get the partial they replace; plain posts a redirect back.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from annotate.forms import NotificationPreferenceForm
from annotate.models import EmailMode, NotificationKind
from annotate.selectors import newsroom
from annotate.selectors import notifications as inbox
from annotate.services import notifications as service
from annotate.views.decorators import member_required
from annotate.views.responses import act

PAGE_SIZE = 30
TEMPLATE = "annotate/newsroom/notifications.html"


@require_GET
@member_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    rows = inbox.notifications_for_member(request.membership, unread=unread_only)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread_only": unread_only,
        "unread": inbox.unread_count(request.membership),
        "links": {n.pk: inbox.notification_path(n) for n in page.object_list},
    }
    return render(request, TEMPLATE, context)


@require_GET
@member_required
def bell(request):
    count = inbox.unread_count(request.membership)
    return render(request, "annotate/newsroom/_bell_count.html", {"unread": count})


@require_POST
@member_required
def notification_open(request, pk: int):
    """Mark a notification read and go where it leads (its link in the inbox posts here)."""
    notification = inbox.notification_for_member(request.membership, pk)
    service.notification_mark_read(membership=request.membership, notification=notification)
    return redirect(inbox.notification_path(notification))


@require_POST
@member_required
def notification_read(request, pk: int):
    notification = inbox.notification_for_member(request.membership, pk)
    service.notification_mark_read(membership=request.membership, notification=notification)
    return _back(request, "Marked read.")


@require_POST
@member_required
def notifications_read_all(request):
    count = service.notifications_mark_all_read(membership=request.membership)
    return _back(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")


def _back(request, message: str):
    if request.htmx:
        response = notification_list(request)
        response["HX-Trigger"] = "notifications-changed"
        return response
    messages.success(request, message)
    return redirect("annotate:notifications")


@member_required
def notification_settings(request):
    preference = service.preference_for(request.user)
    values = {"email_mode": preference.email_mode, "email_kinds": preference.email_kinds}

    def page(errors, posted=None):
        return render(
            request,
            "annotate/newsroom/notification_settings.html",
            {
                "values": posted or values,
                "errors": errors,
                "modes": EmailMode.choices,
                "kinds": NotificationKind.choices,
                "email": request.user.email,
            },
        )

    if request.method != "POST":
        return page({})

    def save():
        data = NotificationPreferenceForm(request.POST).cleaned()
        return service.preference_set(user=request.user, **data)

    def done(_):
        messages.success(request, "Your email choices are saved.")
        return redirect("annotate:notification-settings")

    posted = {
        "email_mode": request.POST.get("email_mode", ""),
        "email_kinds": request.POST.getlist("email_kinds"),
    }
    return act(request, save, done=done, partial=lambda errors: page(errors, posted))


@require_GET
@member_required
def mention_suggestions(request):
    """Team members for the @ picker of comment boxes (JSON)."""
    found = newsroom.mention_suggestions(request.membership, request.GET.get("q", ""))
    return JsonResponse({"members": found})
