"""Unit tests of the power topology: graph, consistency checks, redundancy, outages.

The designs are small variants of the pilot hall (examples/pilot-hall): a 13.8 kV service, two
13.8 kV / 415 V transformers (A and B), two switchboards, two busways per side and two rows of racks
fed A/B, a mechanical panel per side. Each test changes one thing in the YAML and checks what the
topology says about it.
"""
from __future__ import annotations

import networkx as nx
import pytest

from pilot_variant import design, element, unchecked
from retrofit.topology import (contingency_elements, power_graph, rack_instances, redundancy,
                               unfed_after_outage, unfed_after_outages)
from retrofit.topology import (check_every_load_fed, check_no_loops, check_rack_feeds, check_voltage_levels,
                               consistency_findings)


# --- the graph -------------------------------------------------------------------------------------

def test_graph_nodes_kinds_and_edges():
    g = power_graph(design())
    kinds = nx.get_node_attributes(g, "kind")
    assert kinds["utility"] == "source"
    assert kinds["mv-main"] == "bus" and g.nodes["swbd-a"]["vn_v"] == pytest.approx(415.0)
    assert kinds["tx-a"] == "transformer" and kinds["c-mv-a"] == "cable" and kinds["busway-a1"] == "busway"
    assert kinds["row-1.01"] == "rack" and kinds["lighting"] == "load"
    # each branch element is a node between its two buses
    assert list(g.predecessors("tx-a")) == ["mv-a"] and list(g.successors("tx-a")) == ["swbd-a"]
    # each rack has one edge per feed, labelled with its path
    assert sorted((u, d["path"]) for u, _, d in g.in_edges("row-2.06", data=True)) == [("bw-a2", "A"), ("bw-b2", "B")]
    assert sum(1 for _, d in g.nodes(data=True) if d["kind"] == "rack") == 12


def test_graph_is_repeatable():
    a, b = power_graph(design()), power_graph(design())
    assert list(a.nodes) == list(b.nodes) and list(a.edges) == list(b.edges)


def test_rack_instances_are_numbered_per_group():
    racks = rack_instances(design())
    assert [r.id for r in racks[:2]] == ["row-1.01", "row-1.02"] and racks[-1].id == "row-2.06"
    assert racks[0].feeds == ("bw-a1", "bw-b1") and racks[-1].index == 5


def test_contingency_elements_are_sorted_and_complete():
    elements = contingency_elements(design())
    assert elements == sorted(elements)
    assert set(elements) == {"busway-a1", "busway-a2", "busway-b1", "busway-b2", "c-mech-a", "c-mech-b", "c-mv-a",
                             "c-mv-b", "mech-a", "mech-b", "mv-main", "swbd-a", "swbd-b", "tx-a", "tx-b"}


# --- consistency checks ----------------------------------------------------------------------------

def test_the_pilot_variant_is_consistent():
    assert consistency_findings(design()) == []


def test_every_load_fed_names_the_unfed_bus_and_its_loads():
    def cut(data):  # remove the cable feeding the B mechanical panel
        data["electrical"]["cables"] = [c for c in data["electrical"]["cables"] if c["id"] != "c-mech-b"]
    findings = check_every_load_fed(unchecked(cut))
    assert {f.elements for f in findings} == {("mech-b",), ("pumps-b",)}
    assert all(f.check == "check_every_load_fed" for f in findings)
    assert any("bus mech-b is not connected" in f.message for f in findings)


def test_voltage_levels_transformer_rating_against_its_bus():
    def wrong(data):
        element(data, "electrical", "transformers", "tx-b")["v_secondary"] = "480 V"
    assert consistency_findings(design()) == []
    findings = check_voltage_levels(unchecked(wrong))
    assert len(findings) == 1 and findings[0].elements == ("tx-b", "swbd-b")
    assert "rated 480 V but bus swbd-b is 415 V" in findings[0].message


def test_voltage_levels_branch_joining_two_voltages():
    def wrong(data):
        element(data, "electrical", "buses", "mech-b")["voltage"] = "480 V"
    findings = check_voltage_levels(unchecked(wrong))
    assert [f.elements for f in findings] == [("c-mech-b", "swbd-b", "mech-b")]
    assert "a change of voltage needs a transformer" in findings[0].message


def test_a_closed_tie_makes_a_loop_and_blocks_the_analysis():
    from retrofit.electrical.analysis import analyze_electrical

    def tie(data):
        data["electrical"]["busways"].append({"id": "tie-ab", "from_bus": "bw-a1", "to_bus": "bw-b1",
                                              "rating": "2000 A", "length": "5 m",
                                              "r_per_length": "0.045 mohm/m", "x_per_length": "0.03 mohm/m"})
    tied = unchecked(tie)
    findings = check_no_loops(tied)
    assert len(findings) == 1
    loop = findings[0]
    # the loop runs through both transformers, both MV cables, the two busways and the tie
    assert set(loop.elements) == {"busway-a1", "busway-b1", "c-mv-a", "c-mv-b", "tie-ab", "tx-a", "tx-b"}
    assert "open a tie" in loop.message
    assert check_no_loops(design()) == []
    result = analyze_electrical(tied)
    assert result["solved"] is False and "closed loop" in result["diagnosis"]


@pytest.mark.parametrize("policy, findings", [("N", 0), ("N+1", 1), ("2N", 1), ("block_redundant", 1)])
def test_rack_feeds_per_policy(policy, findings):
    def single(data):
        data["goal"]["power_redundancy"] = policy
        element(data, "loads", "racks", "row-2")["feeds"] = ["bw-a2"]
    result = check_rack_feeds(design(single))
    assert len(result) == findings
    if findings:
        assert result[0].elements == ("row-2",) and f"{policy} needs 2" in result[0].message


# --- redundancy ------------------------------------------------------------------------------------

def test_pilot_variant_racks_are_independent():
    for r in redundancy(design()):
        assert r.single_points_of_failure == [] and r.shared_by_paths == []
        assert r.independent and r.meets_policy and r.policy == "2N"
        assert r.reason == "A and B paths independent below the service"


def test_both_feeds_from_one_switchboard_share_its_path():
    def same_side(data):
        element(data, "loads", "racks", "row-1")["feeds"] = ["bw-a1", "bw-a2"]
    by_rack = {r.rack: r for r in redundancy(design(same_side))}
    r = by_rack["row-1.03"]
    # dominators: everything between the service and the two busways
    assert r.single_points_of_failure == ["c-mv-a", "mv-a", "swbd-a", "tx-a"]
    assert r.shared_by_paths == ["c-mv-a", "mv-a", "swbd-a", "tx-a"]
    assert not r.independent and not r.meets_policy
    assert r.reason == "A and B paths share c-mv-a, mv-a, swbd-a, tx-a"
    assert by_rack["row-2.01"].meets_policy


def test_single_points_of_failure_decide_n_plus_1():
    def n_plus_1_single_feed(data):
        data["goal"]["power_redundancy"] = "N+1"
        element(data, "loads", "racks", "row-2")["feeds"] = ["bw-b2"]
    by_rack = {r.rack: r for r in redundancy(design(n_plus_1_single_feed))}
    r = by_rack["row-2.01"]
    assert r.single_points_of_failure == ["busway-b2", "bw-b2", "c-mv-b", "mv-b", "swbd-b", "tx-b"]
    assert not r.meets_policy and r.reason.startswith("single points of failure: busway-b2")
    assert by_rack["row-1.01"].meets_policy
    assert by_rack["row-1.01"].reason == "no single point of failure below the service"


def test_a_rack_with_a_dead_feed_is_not_fed_from_it():
    def dead(data):
        data["electrical"]["buses"].append({"id": "orphan", "voltage": "415 V", "kind": "node"})
        element(data, "loads", "racks", "row-2")["feeds"] = ["orphan", "bw-b2"]
    by_rack = {r.rack: r for r in redundancy(unchecked(dead))}
    # the only live path is B: every element on it is a single point of failure
    assert "tx-b" in by_rack["row-2.01"].single_points_of_failure
    assert by_rack["row-2.01"].meets_policy is True  # 2N judged on shared elements: none are shared


# --- outages ---------------------------------------------------------------------------------------

def test_unfed_after_a_transformer_outage():
    g = power_graph(design())
    lost = unfed_after_outage(g, "tx-a")
    assert lost == {"swbd-a", "busway-a1", "busway-a2", "bw-a1", "bw-a2", "c-mech-a", "mech-a", "lighting"}
    assert not any(n.startswith("row-") for n in lost)  # racks keep their B feed


def test_unfed_after_the_service_bus_outage_is_everything_below():
    g = power_graph(design())
    lost = unfed_after_outage(g, "mv-main")
    assert lost == set(g.nodes) - {"utility", "mv-main"}


def test_dominator_tree_gives_the_same_outages_as_a_search():
    def extra(data):  # a single-fed rack group, an orphan bus and a load on it
        data["electrical"]["buses"].append({"id": "orphan", "voltage": "415 V", "kind": "node"})
        data["loads"]["other"].append({"id": "stranded", "bus": "orphan", "p": "1 kW"})
        data["loads"]["racks"].append({**element(data, "loads", "racks", "row-2"), "id": "row-3", "count": 2,
                                       "feeds": ["bw-b2"]})
    for variant in (design(), unchecked(extra)):
        g = power_graph(variant)
        elements = contingency_elements(variant) + ["orphan"]
        fast = unfed_after_outages(g, elements)
        for e in elements:
            assert fast[e] == unfed_after_outage(g, e), e
    g = power_graph(unchecked(extra))
    assert {"orphan", "stranded"} <= unfed_after_outages(g, ["tx-a"])["tx-a"]
    assert {"row-3.01", "row-3.02"} <= unfed_after_outages(g, ["busway-b2"])["busway-b2"]
