from ebranch_desktop.domain.attendance_rules import (
    RosterEntry,
    compute_totals,
    motion_passes,
    quorum_met,
)
from ebranch_desktop.domain.vocab import AttendanceStatus as S
from ebranch_desktop.domain.vocab import MeetingType as T
from ebranch_desktop.domain.vocab import MemberCategory as C


def roster(formal_present=0, formal_other=0, prob_present=0, excluded=0, leave=0, absent=0):
    entries = []
    n = 0

    def add(category, status, excl=False):
        nonlocal n
        n += 1
        entries.append(RosterEntry(str(n), category, status, excl))

    for _ in range(formal_present):
        add(C.FORMAL, S.PRESENT)
    for _ in range(formal_other):
        add(C.FORMAL, None)
    for _ in range(prob_present):
        add(C.PROBATIONARY, S.LATE)
    for _ in range(excluded):
        add(C.FORMAL, S.ABSENT, True)
    for _ in range(leave):
        add(C.FORMAL, S.LEAVE)
    for _ in range(absent):
        add(C.FORMAL, S.ABSENT)
    return entries


def test_totals_count_late_as_present_and_exclusions_out_of_expected():
    t = compute_totals(roster(formal_present=5, formal_other=1, prob_present=2, excluded=1, leave=2, absent=1))
    assert (t.expected, t.present, t.late, t.leave, t.absent, t.unmarked, t.excluded) == (11, 7, 2, 2, 1, 1, 1)
    assert (t.voting_expected, t.voting_present) == (9, 5)


def test_probationary_members_never_make_a_general_meeting_quorate():
    # 10 formal: 5 present is exactly half, not more than half, even with 2 probationary there.
    t = compute_totals(roster(formal_present=5, formal_other=5, prob_present=2))
    assert quorum_met(T.BRANCH_GENERAL, t) is False
    t = compute_totals(roster(formal_present=6, formal_other=4))
    assert quorum_met(T.BRANCH_GENERAL, t) is True


def test_excluded_members_do_not_count_against_the_quorum():
    t = compute_totals(roster(formal_present=5, formal_other=4, excluded=2))
    assert t.voting_expected == 9
    assert quorum_met(T.BRANCH_GENERAL, t) is True


def test_election_needs_more_than_four_fifths():
    assert quorum_met(T.ELECTION, compute_totals(roster(formal_present=8, formal_other=2))) is False
    assert quorum_met(T.ELECTION, compute_totals(roster(formal_present=9, formal_other=1))) is True


def test_types_without_a_rule_have_no_quorum():
    t = compute_totals(roster(formal_present=1, formal_other=9))
    assert quorum_met(T.THEME_DAY, t) is None
    assert quorum_met(T.PARTY_LECTURE, t) is None


def test_org_life_follows_its_form():
    t = compute_totals(roster(formal_present=3, formal_other=7))
    assert quorum_met(T.ORG_LIFE, t, "branch_general") is False
    assert quorum_met(T.ORG_LIFE, t, "group_meeting") is None


def test_motion_passes_on_half_of_expected_voters_not_of_those_present():
    t = compute_totals(roster(formal_present=7, formal_other=5))  # 12 voting expected
    assert motion_passes(7, t) is True
    assert motion_passes(6, t) is False  # 6 of 7 present is a majority, but not of 12


def test_attendance_ids_are_the_uuid5_every_device_and_the_server_compute():
    """domain/ids.attendance_id writes uuid5 out by hand (speed): it must stay the same id."""
    import random
    import uuid

    from ebranch_desktop.domain.ids import ATTENDANCE_NAMESPACE, attendance_id

    rng = random.Random(20261130)
    pairs = [("", ""), ("m", "p"), ("会议", "党员·张三"), ("a:b", ":c"), ("\u0000", "\U0001f600")]
    pairs += [(str(uuid.UUID(int=rng.getrandbits(128))), str(uuid.UUID(int=rng.getrandbits(128)))) for _ in range(500)]
    pairs += [("".join(rng.choices("abc:-张李0 ", k=rng.randint(0, 30))), "x") for _ in range(500)]
    for meeting, member in pairs:
        assert attendance_id(meeting, member) == str(uuid.uuid5(ATTENDANCE_NAMESPACE, f"{meeting}:{member}"))
