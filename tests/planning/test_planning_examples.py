"""The campus example: its site file is what generate.py writes, it loads, and it sizes quickly."""
from __future__ import annotations

import importlib.util
import time

from retrofit.io.load import load
from retrofit.io.write import design_yaml
from retrofit.planning import size

from planning_paths import PANTHER


def test_panther_creek_site_is_fresh():
    spec = importlib.util.spec_from_file_location("generate", PANTHER.parent / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    from retrofit.io.load import load_data
    from retrofit.io.yaml_source import SourceMap
    design = load_data(gen.site(), SourceMap("generate.py", {}, {}))
    header = PANTHER.read_text().split("version:")[0]
    assert header + design_yaml(design) == PANTHER.read_text()


def test_panther_creek_sizes_in_seconds():
    design = load(PANTHER)
    assert len(design.halls) == 10 and len(design.electrical.transformers) == 160
    start = time.perf_counter()
    sizing = size(design)
    assert time.perf_counter() - start < 20.0
    assert sizing["binding_site"] == "utility_service"
    assert 1800 <= sizing["count_at_policy"] <= 2100 and sizing["count_at_policy"] % 8 == 0
    assert sizing["constraints"]["transformers 480 V delta/3-wire"]["max_racks"] == 0


def test_washington_proposed_design_is_what_the_planner_writes(washington_plan):
    """examples/washington-18mw/proposed.yaml is `retrofit plan-design site.yaml` committed: the planner
    still writes exactly it (regenerate with `retrofit plan-design examples/washington-18mw/site.yaml -o
    examples/washington-18mw/proposed.yaml --no-phases`)."""
    from planning_paths import ROOT

    committed = (ROOT / "examples" / "washington-18mw" / "proposed.yaml").read_text()
    body = committed.split("version:", 1)[1]
    assert "version:" + body == design_yaml(washington_plan.proposed)
