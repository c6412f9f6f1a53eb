"""The scoring engine: totals with bonus and penalty, competition ranking with ties, range checks."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from campaigns import scoring, selectors, services


def test_total_adds_bonus_and_subtracts_penalty():
    items = [scoring.Item(1, "regular", D(60)), scoring.Item(2, "regular", D(40)), scoring.Item(3, "bonus", D(5)),
             scoring.Item(4, "penalty", D(5))]
    total = scoring.total(items, {1: D(50), 2: D("30.5"), 3: D(2), 4: D(3)})
    assert (total.base, total.bonus, total.penalty, total.value) == (D("80.5"), D(2), D(3), D("79.5"))
    assert total.complete
    incomplete = scoring.total(items, {1: D(50), 3: D(2)})
    assert incomplete.missing == 1 and not incomplete.complete


def test_rank_ties_share_a_rank_and_skip_the_next():
    ranked = scoring.rank([("a", D(90)), ("b", D(95)), ("c", D(90)), ("d", D(80)), ("e", None)])
    assert [(r.key, r.rank, r.tied) for r in ranked] == [
        ("b", 1, False), ("a", 2, True), ("c", 2, True), ("d", 4, False), ("e", None, False)]


def test_rank_three_way_tie():
    ranked = scoring.rank([("a", D(5)), ("b", D(5)), ("c", D(5)), ("d", D(1))])
    assert [r.rank for r in ranked] == [1, 1, 1, 4]


@pytest.fixture
def sheet(org, vhxh):
    cluster = services.cluster_create(organization=org, by=vhxh, name="Cụm thi đua số VI")
    for name in ["UBND xã Thanh Sơn", "UBND xã Hòa Sơn", "UBND xã Minh Sơn"]:
        services.cluster_member_add(cluster=cluster, by=vhxh, name=name)
    sheet = services.sheet_create(cluster=cluster, by=vhxh, year=2024)
    services.criterion_add(sheet=sheet, by=vhxh, name="Kinh tế", max_points=D(60))
    services.criterion_add(sheet=sheet, by=vhxh, name="Xã hội", max_points=D(40))
    services.criterion_add(sheet=sheet, by=vhxh, name="Thưởng", max_points=D(5), kind="bonus")
    services.criterion_add(sheet=sheet, by=vhxh, name="Trừ", max_points=D(5), kind="penalty")
    return sheet


def _score(sheet, vhxh, member, values):
    criteria = list(sheet.criteria.order_by("order"))
    services.scores_set(sheet=sheet, member=member, by=vhxh,
                        points={c.pk: (D(v) + (1 if c.kind == "regular" else 0), D(v)) for c, v in
                                zip(criteria, values, strict=True)})


def test_sheet_ranking_with_tie(sheet, vhxh):
    a, b, c = sheet.cluster.members.order_by("order")
    _score(sheet, vhxh, a, [50, 30, 2, 0])  # 82
    _score(sheet, vhxh, b, [55, 30, 0, 3])  # 82
    _score(sheet, vhxh, c, [58, 35, 1, 1])  # 93
    ranking = selectors.sheet_ranking(sheet)
    assert [(r.member.name, r.rank, r.score) for r in ranking.rows] == [
        ("UBND xã Minh Sơn", 1, D(93)), ("UBND xã Thanh Sơn", 2, D(82)), ("UBND xã Hòa Sơn", 2, D(82))]
    assert ranking.rows[1].self_total.value == D(84)
    assert ranking.max_total == D(100)


def test_member_without_agreed_scores_is_not_ranked(sheet, vhxh):
    a, b, _ = sheet.cluster.members.order_by("order")
    _score(sheet, vhxh, a, [50, 30, 0, 0])
    ranking = selectors.sheet_ranking(sheet)
    assert ranking.rows[0].member == a and ranking.rows[0].rank == 1
    assert [r.rank for r in ranking.rows[1:]] == [None, None]


def test_points_above_maximum_are_refused(sheet, vhxh):
    member = sheet.cluster.members.first()
    criterion = sheet.criteria.get(name="Kinh tế")
    with pytest.raises(ValidationError, match="phải từ 0 đến 60"):
        services.scores_set(sheet=sheet, member=member, by=vhxh, points={criterion.pk: (D(61), None)})
    assert not criterion.scores.exists()


def test_next_year_copies_criteria(sheet, vhxh):
    following = services.sheet_create(cluster=sheet.cluster, by=vhxh, year=2025)
    assert list(following.criteria.values_list("name", flat=True)) == ["Kinh tế", "Xã hội", "Thưởng", "Trừ"]


def test_internal_scoring_of_units(org, vhxh, unit, other_unit):
    cluster = services.cluster_create(organization=org, by=vhxh, name="Chấm điểm đoàn thể", kind="noi_bo")
    services.cluster_member_add(cluster=cluster, by=vhxh, unit=unit)
    member = cluster.members.get()
    assert member.name == unit.name and member.unit == unit


def test_only_managers_score(sheet, canbo):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.criterion_add(sheet=sheet, by=canbo, name="X", max_points=D(1))
