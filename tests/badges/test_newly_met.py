"""Which badges a record earns (pure): dependency order, badges counting badges, never twice."""

from __future__ import annotations

from ccl_youth.badges.board import almost_there
from ccl_youth.badges.evaluation import newly_met, rule_order
from tests.badges.support import SMALL_BADGES, badge, facts, small_catalog


def slugs(badges):
    return [b.slug for b in badges]


def test_rule_order_puts_each_badge_after_those_it_needs():
    order = slugs(rule_order(SMALL_BADGES))
    # by_hand has no rule; double needs first_talk and tripper; collector counts badges.
    assert "by_hand" not in order
    assert order.index("double") > order.index("first_talk")
    assert order.index("double") > order.index("tripper")
    assert order[-1] == "collector"
    assert order == ["first_talk", "three_talks", "tripper", "double", "collector"]


def test_a_cycle_keeps_content_order():
    looped = (
        badge("aaaa", {"badges": {"min": 1}}),
        badge("bbbb", {"badges": {"min": 1}}),
        badge("cccc", {"experiences": {"min": 1}}),
    )
    assert slugs(rule_order(looped)) == ["cccc", "aaaa", "bbbb"]


def test_hand_computed_awards_in_one_pass():
    order = rule_order(SMALL_BADGES)
    record = {
        # 3 talks and 2 trips: first_talk, three_talks, tripper, then double (needs the first
        # and third of this same pass), then collector (4 badges held by then).
        1: facts(experiences={"guest_speaker": 3, "field_trip": 2}),
        # 1 talk: first_talk only; three_talks and tripper not met, so no double, no collector.
        2: facts(experiences={"guest_speaker": 1, "field_trip": 1}),
        # Nothing attended: nothing.
        3: facts(),
        # 2 talks, 2 trips, already holds first_talk: tripper, then double (first_talk is held),
        # then collector (first_talk + tripper + double = 3).
        4: facts(
            experiences={"guest_speaker": 2, "field_trip": 2}, badges=frozenset({"first_talk"})
        ),
    }
    won = newly_met(record, order, {})
    assert won == {
        1: ["first_talk", "three_talks", "tripper", "double", "collector"],
        2: ["first_talk"],
        4: ["tripper", "double", "collector"],
    }


def test_a_revoked_badge_is_never_won_again_nor_counted():
    order = rule_order(SMALL_BADGES)
    record = {1: facts(experiences={"guest_speaker": 3, "field_trip": 2})}
    # first_talk was revoked: not won again, and double (which needs it) cannot be met, so
    # only three_talks and tripper are won: 2 badges, not enough for collector (3).
    won = newly_met(record, order, {1: frozenset({"first_talk"})})
    assert won == {1: ["three_talks", "tripper"]}


def test_held_badges_are_not_won_twice():
    order = rule_order(SMALL_BADGES)
    everything = frozenset({"first_talk", "three_talks", "tripper", "double", "collector"})
    record = {1: facts(experiences={"guest_speaker": 9, "field_trip": 9}, badges=everything)}
    assert newly_met(record, order, {1: everything}) == {}


def test_counting_badges_repeat_until_nothing_more_is_won():
    chain = (
        badge("base", {"experiences": {"min": 1}}),
        badge("two_held", {"badges": {"min": 2}}),
        badge("one_held", {"badges": {"min": 1}}),
    )
    # one_held comes after base (counting badges go last, content order among them): base, then
    # two_held is not met yet (1 held), one_held is (1 held), then a second pass gives two_held.
    won = newly_met({1: facts(experiences={"x": 1})}, rule_order(chain), {})
    assert won == {1: ["base", "one_held", "two_held"]}


def test_almost_there_takes_the_three_closest_unearned_with_steps():
    catalog = small_catalog()
    record = facts(
        experiences={"guest_speaker": 2, "field_trip": 1}, badges=frozenset({"first_talk"})
    )
    almost = almost_there(record, catalog, frozenset({"first_talk"}))
    # three_talks 2/3 = .67; tripper 1/2 = .5; double: first_talk held (1) + tripper not
    # held (0) → .5, a tie that dependency order breaks (tripper first); collector 1/3 = .33
    # is fourth. Held first_talk and staff-only by_hand are left out.
    assert [(a.badge.slug, round(a.outcome.progress, 2)) for a in almost] == [
        ("three_talks", 0.67),
        ("tripper", 0.5),
        ("double", 0.5),
    ]
    assert [s.text for s in almost[0].outcome.steps] == ["Go to 1 more activity: Guest speaker"]
    assert [s.met for s in almost[2].outcome.steps] == [True, False]


def test_almost_there_leaves_out_revoked_badges_and_ties_keep_content_order():
    catalog = small_catalog()
    record = facts(experiences={"guest_speaker": 1})
    almost = almost_there(record, catalog, frozenset({"three_talks"}), limit=5)
    # first_talk is met (progress 1: it is about to be awarded, so not "almost"), three_talks
    # was revoked; the rest are all at 0 (no badge held yet), in dependency order.
    assert [(a.badge.slug, round(a.outcome.progress, 2)) for a in almost] == [
        ("tripper", 0.0),
        ("double", 0.0),
        ("collector", 0.0),
    ]
