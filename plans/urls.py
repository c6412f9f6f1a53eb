from django.urls import path

from .views import copy, documents, editor, io, pages, reports, signoff

app_name = "plans"

urlpatterns = [
    # Reading and following tasks (views/pages.py)
    path("plans/", pages.plan_list, name="list"),
    path("plans/new/", pages.plan_create, name="create"),
    path("plans/<int:pk>/", pages.plan_detail, name="detail"),
    path("plans/<int:pk>/history/", pages.plan_history, name="history"),
    path("plans/<int:pk>/pdf/", documents.plan_pdf, name="pdf"),
    path("plans/<int:pk>/docx/", documents.plan_docx, name="docx"),
    path("plans/<int:pk>/units/<int:unit_pk>/tasks.pdf", documents.unit_tasks_pdf, name="unit_tasks_pdf"),
    path("tasks/search/", pages.task_search, name="search"),
    path("tasks/<int:pk>/", pages.task_detail, name="task_detail"),
    path("tasks/<int:pk>/status/", pages.task_status, name="task_status"),
    path("updates/<int:pk>/attachment/", pages.update_attachment, name="attachment"),
    # Editing in place with htmx (views/editor.py)
    path("plans/<int:pk>/edit/", editor.plan_editor, name="edit"),
    path("plans/<int:pk>/texts/", editor.plan_texts, name="texts"),
    path("plans/<int:pk>/sections/add/", editor.section_add, name="section_add"),
    path("sections/<int:pk>/delete/", editor.section_delete, name="section_delete"),
    path("sections/<int:pk>/move/", editor.section_move, name="section_move"),
    path("sections/<int:pk>/tasks/add/", editor.task_add, name="task_add"),
    path("tasks/<int:pk>/edit/", editor.task_edit, name="task_edit"),
    path("tasks/<int:pk>/delete/", editor.task_delete, name="task_delete"),
    path("tasks/<int:pk>/move/", editor.task_move, name="task_move"),
    # Copy to next year (views/copy.py)
    path("plans/<int:pk>/copy/", copy.plan_copy, name="copy"),
    # Excel import and export (views/io.py)
    path("plans/import/", io.plan_import, name="import"),
    path("plans/<int:pk>/export.xlsx", io.plan_export, name="export"),
    # Sign-off and revisions (views/signoff.py); /verify/ is documents/
    path("plans/<int:pk>/transition/", signoff.plan_transition, name="transition"),
    path("plans/<int:pk>/revise/", signoff.plan_revise, name="revise"),
    # Reports for the superior office (views/reports.py)
    path("reports/", reports.report_list, name="report_list"),
    path("plans/<int:pk>/reports/", reports.plan_reports, name="plan_reports"),
    path("plans/<int:pk>/reports/new/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report_edit"),
    path("reports/<int:pk>/transition/", reports.report_transition, name="report_transition"),
    path("reports/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/docx/", reports.report_docx, name="report_docx"),
    path("reports/<int:pk>/export.xlsx", reports.report_xlsx, name="report_xlsx"),
]
