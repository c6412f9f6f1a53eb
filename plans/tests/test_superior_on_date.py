"""A plan or report prints the superior authority valid on its own date (issue 13: the 2025 reform)."""

import datetime as dt

import time_machine

from plans import services
from plans.documents.context import plan_document_context
from plans.documents.report import report_document_context
from plans.models import Report
from units.communes import superior_link_add


@time_machine.travel(dt.datetime(2025, 9, 1, 9, 0), tick=False)
def test_documents_print_the_authority_of_their_date(org, vhxh):
    superior_link_add(commune=org, by=vhxh, superior_name="UBND huyện Hữu Lũng", valid_from=dt.date(2020, 1, 1))
    superior_link_add(commune=org, by=vhxh, superior_name="UBND tỉnh Lạng Sơn", valid_from=dt.date(2025, 7, 1))
    plan = services.plan_create(organization=org, year=2025, by=vhxh)
    plan.issued_on = dt.date(2025, 1, 10)
    assert plan_document_context(plan).superior == "UBND HUYỆN HỮU LŨNG"
    plan.issued_on = dt.date(2025, 7, 1)
    assert plan_document_context(plan).superior == "UBND TỈNH LẠNG SƠN"
    plan.issued_on = None  # a draft prints today's authority
    assert plan_document_context(plan).superior == "UBND TỈNH LẠNG SƠN"
    report = services.report_create(plan=plan, by=vhxh, period=Report.Period.HALF_YEAR)
    report.issued_on = dt.date(2025, 6, 20)
    document = report_document_context(report)
    assert (document.superior, document.addressee) == ("UBND HUYỆN HỮU LŨNG", "UBND huyện Hữu Lũng")
