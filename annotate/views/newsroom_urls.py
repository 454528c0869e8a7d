"""Routes of the newsroom around the desk: My work, the inbox, assignments, activity."""

from django.urls import path

from annotate.views import activity, assignments, me, notifications

urlpatterns = [
    path("start/", me.start, name="start"),
    path("me/", me.my_work, name="me"),
    path("me/badge/", me.work_badge, name="me-badge"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/bell/", notifications.bell, name="notifications-bell"),
    path(
        "notifications/read-all/",
        notifications.notifications_read_all,
        name="notifications-read-all",
    ),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification-open"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification-read"),
    path(
        "settings/notifications/", notifications.notification_settings, name="notification-settings"
    ),
    path("team/mentions/", notifications.mention_suggestions, name="mention-suggestions"),
    path("documents/<int:pk>/assign/", assignments.document_assign_view, name="document-assign"),
    path("activity/", activity.team_activity, name="activity"),
    path("documents/<int:pk>/activity/", activity.document_activity, name="document-activity"),
]
