"""Critical path method on small networks whose dates were worked out by hand (forward and backward pass)."""
from __future__ import annotations

import pytest

from retrofit.schedule.critical_path import Activity, NetworkError, critical_path, topological_order

# A(3); B(4) after A; C(2) after A; D(5) after B; E(3) after B and C; F(2) after D and E.
NETWORK = [Activity("A", 3), Activity("B", 4, ("A",)), Activity("C", 2, ("A",)), Activity("D", 5, ("B",)),
           Activity("E", 3, ("B", "C")), Activity("F", 2, ("D", "E"))]

# Worked by hand.
# Forward pass:  A 0-3, B 3-7, C 3-5, D 7-12, E max(7, 5) = 7-10, F max(12, 10) = 12-14; duration 14.
# Backward pass: F 12-14; D LF = LS(F) = 12, LS 7; E LF 12, LS 9; C LF = LS(E) = 9, LS 7;
#                B LF = min(LS(D) 7, LS(E) 9) = 7, LS 3; A LF = min(LS(B) 3, LS(C) 7) = 3, LS 0.
# Total float = LS - ES: A 0, B 0, C 4, D 0, E 2, F 0.
EXPECTED = {  # id: (ES, EF, LS, LF, TF)
    "A": (0, 3, 0, 3, 0), "B": (3, 7, 3, 7, 0), "C": (3, 5, 7, 9, 4),
    "D": (7, 12, 7, 12, 0), "E": (7, 10, 9, 12, 2), "F": (12, 14, 12, 14, 0),
}


def test_forward_and_backward_pass_match_the_hand_calculation():
    s = critical_path(NETWORK)
    assert s.duration_days == 14
    for aid, (es, ef, ls, lf, tf) in EXPECTED.items():
        a = s.activities[aid]
        assert (a.early_start, a.early_finish, a.late_start, a.late_finish, a.total_float) == (es, ef, ls, lf, tf), aid
    assert s.critical_path == ["A", "B", "D", "F"]


def test_a_release_day_delays_the_activity_and_its_successors():
    # G(1) after F, not before day 20: ES(G) = 20, the whole chain before it gains 20 - 14 = 6 days of float
    s = critical_path(NETWORK + [Activity("G", 1, ("F",), release_day=20)])
    assert (s.activities["G"].early_start, s.duration_days) == (20, 21)
    assert s.activities["F"].total_float == 6
    assert s.critical_path == ["G"]


def test_ties_go_to_the_first_id():
    # S(1); X(2) and Y(2) both after S; T(1) after X and Y: two critical paths, X is taken
    net = [Activity("T", 1, ("Y", "X")), Activity("Y", 2, ("S",)), Activity("X", 2, ("S",)), Activity("S", 1)]
    assert topological_order(net) == ["S", "X", "Y", "T"]
    assert critical_path(net).critical_path == ["S", "X", "T"]


@pytest.mark.parametrize("net, words", [
    ([Activity("A", 1, ("B",)), Activity("B", 1, ("A",))], "cycle"),
    ([Activity("A", 1, ("Z",))], "not in the network"),
    ([Activity("A", 1), Activity("A", 2)], "twice"),
])
def test_networks_that_cannot_be_scheduled_are_refused(net, words):
    with pytest.raises(NetworkError, match=words):
        critical_path(net)
