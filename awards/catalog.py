"""Reads of the legal catalog: who may award a form on a date. Rules are rows, never constants."""

import datetime as dt

from .models import AuthorityRule, AwardForm


def authority_rules_on(*, form: AwardForm, day: dt.date) -> list[AuthorityRule]:
    return [rule for rule in form.authority_rules.all() if rule.valid_on(day)]


def commune_may_award(*, form: AwardForm, day: dt.date) -> bool:
    return any(rule.level == AuthorityRule.Level.COMMUNE for rule in authority_rules_on(form=form, day=day))


def authority_label(*, form: AwardForm, day: dt.date) -> tuple[str, str, bool]:
    """(who awards, source, confirmed) on `day`, the commune first when it may."""
    rules = sorted(authority_rules_on(form=form, day=day), key=lambda r: r.level != AuthorityRule.Level.COMMUNE)
    if not rules:
        return "Chưa có quy định thẩm quyền cho ngày này", "", False
    rule = rules[0]
    return rule.get_level_display(), rule.source, rule.confirmed
