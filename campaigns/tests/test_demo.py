import datetime as dt

from campaigns import selectors
from campaigns.models import Campaign, Cluster, Household, Pledge, RegistrationLog
from plans.demo import demo_load


def test_demo_campaigns_idempotent(db):
    report = demo_load(today=dt.date(2024, 6, 1), demo_mode=True)
    logs = RegistrationLog.objects.count()
    demo_load(today=dt.date(2024, 6, 1), demo_mode=True)
    assert RegistrationLog.objects.count() == logs
    campaign = Campaign.objects.get()
    assert campaign.tasks.get().number == 2
    statuses = sorted(campaign.registrations.values_list("status", "is_late"))
    assert statuses.count(("approved", False)) == 4
    assert ("returned", False) in statuses and ("submitted", True) in statuses
    assert Household.objects.count() == 30 and Pledge.objects.get().parties.count() == 5
    sheet = Cluster.objects.get(name="Cụm thi đua số VI").sheets.get(year=2024)
    ranks = [row.rank for row in selectors.sheet_ranking(sheet).rows]
    assert ranks == [1, 2, 3, 3, 5] and sheet.cluster.members.count() == 5
    assert report.organization == campaign.organization
