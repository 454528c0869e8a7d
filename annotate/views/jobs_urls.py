"""Routes of the jobs area (included by annotate/urls.py under the "annotate" namespace).

/jobs/<id>/ is every job's page; /exports/<id>/ (where starting an export leads) is the same page
for export jobs only, and its download the same file.
"""

from django.urls import path

from annotate.models import JobKind
from annotate.views import jobs

EXPORT = {"kind": JobKind.EXPORT}

urlpatterns = [
    path("jobs/", jobs.job_list, name="job-list"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job-detail"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job-download"),
    path("jobs/<int:pk>/import-again/", jobs.job_import_again, name="job-import-again"),
    path("exports/<int:pk>/", jobs.job_detail, EXPORT, name="export-job"),
    path("exports/<int:pk>/download/", jobs.job_download, EXPORT, name="export-download"),
]
