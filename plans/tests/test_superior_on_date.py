"""A report is addressed to the superior authority valid on its own date (issue 13: the 2025 reform)."""

import datetime as dt

import time_machine

from plans import services
from plans.documents.report import report_content
from plans.models import Report
from units.communes import superior_link_add


@time_machine.travel(dt.datetime(2025, 9, 1, 9, 0), tick=False)
def test_reports_are_addressed_to_the_authority_of_their_date(org, vhxh):
    superior_link_add(commune=org, by=vhxh, superior_name="UBND huyện Hữu Lũng", valid_from=dt.date(2020, 1, 1))
    superior_link_add(commune=org, by=vhxh, superior_name="UBND tỉnh Lạng Sơn", valid_from=dt.date(2025, 7, 1))
    plan = services.plan_create(organization=org, year=2025, by=vhxh)
    report = services.report_create(plan=plan, by=vhxh, period=Report.Period.HALF_YEAR)
    report.issued_on = dt.date(2025, 6, 20)
    assert report_content(report).addressee == ["UBND huyện Hữu Lũng"]
    report.issued_on = dt.date(2025, 7, 1)
    assert report_content(report).addressee == ["UBND tỉnh Lạng Sơn"]
    report.issued_on = None  # a draft is addressed to today's authority
    assert report_content(report).addressee == ["UBND tỉnh Lạng Sơn"]
