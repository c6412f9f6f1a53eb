from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    # Campaigns
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/history/", views.campaign_history, name="history"),
    path("<int:pk>/launch/", views.campaign_launch, name="launch"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    # Registrations
    path("registrations/<int:pk>/", views.registration_detail, name="registration"),
    path("registrations/<int:pk>/edit/", views.registration_edit, name="registration_edit"),
    path("registrations/<int:pk>/lines/", views.line_add, name="line_add"),
    path("lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    path("registrations/<int:pk>/transition/", views.registration_transition, name="transition"),
    path("registrations/<int:pk>/households/", views.household_import, name="household_import"),
    path("households/", views.household_list, name="households"),
    path("households/template.xlsx", views.household_template, name="household_template"),
    # "Bảng tổng hợp đăng ký thi đua"
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/summary.xlsx", views.summary_xlsx, name="summary_xlsx"),
    path("<int:pk>/summary.pdf", views.summary_pdf, name="summary_pdf"),
    # Reviews (sơ kết / tổng kết)
    path("<int:pk>/reviews/", views.review_create, name="review_create"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/results/", views.review_result, name="review_result"),
    path("results/<int:pk>/evidence/", views.evidence_download, name="evidence"),
    # Pledges (giao ước thi đua)
    path("pledges/", views.pledge_list, name="pledges"),
    path("pledges/new/", views.pledge_create, name="pledge_create"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge"),
    path("pledges/<int:pk>/history/", views.pledge_history, name="pledge_history"),
    path("pledges/<int:pk>/parties/", views.party_add, name="party_add"),
    path("pledges/<int:pk>/commitments/", views.commitment_add, name="commitment_add"),
    path("commitments/<int:pk>/status/", views.commitment_status, name="commitment_status"),
    path("pledges/<int:pk>/pdf/", views.pledge_pdf, name="pledge_pdf"),
    # Clusters and scoring (Cụm thi đua)
    path("clusters/", views.cluster_list, name="clusters"),
    path("clusters/new/", views.cluster_create, name="cluster_create"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster"),
    path("clusters/<int:pk>/history/", views.cluster_history, name="cluster_history"),
    path("clusters/<int:pk>/members/", views.member_add, name="member_add"),
    path("clusters/<int:pk>/sheets/", views.sheet_create, name="sheet_create"),
    path("sheets/<int:pk>/", views.sheet_detail, name="sheet"),
    path("sheets/<int:pk>/criteria/", views.criterion_add, name="criterion_add"),
    path("sheets/<int:pk>/members/<int:member_pk>/scores/", views.scores_save, name="scores"),
    path("sheets/<int:pk>/ranking.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("sheets/<int:pk>/ranking.pdf", views.ranking_pdf, name="ranking_pdf"),
]
