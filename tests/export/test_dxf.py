"""DXF export of the Washington plan, read back with ezdxf's own reader: the files ``retrofit plan --dxf`` writes,
their units, layers, entity counts against the layout in the results, extents against the hall, the one-line and
cooling sheets against the PDF's, and a rendering through ezdxf's drawing add-on."""
from __future__ import annotations

from collections import Counter

import pytest

ezdxf = pytest.importorskip("ezdxf")

from retrofit.export.dxf_floorplan import FLOOR_LAYERS  # noqa: E402
from retrofit.export.dxf_schematics import COOLING_LAYERS, ONELINE_LAYERS  # noqa: E402


def _ids(entities) -> list[str]:
    return [e.get_xdata("RETROFIT")[0].value for e in entities if e.has_xdata("RETROFIT")]


@pytest.fixture(scope="module")
def docs(exported):
    return {p.stem: ezdxf.readfile(p) for p in sorted(exported.dxf.glob("*.dxf"))}


def test_plan_writes_three_dxf_files(exported, docs):
    assert exported.status == exported.results["review"]["verdict"]["exit_status"]
    assert set(docs) == {"floorplan", "oneline", "cooling"}         # one hall: one floor plan, named plainly
    for name in ("floorplan.dxf", "oneline.dxf", "cooling.dxf", "schedules.xlsx"):
        assert name in exported.stdout
    assert docs["floorplan"].units == ezdxf.units.M                   # a plan to scale, in metres
    assert docs["oneline"].units == docs["cooling"].units == ezdxf.units.MM   # diagrams, mm of the sheet
    assert not list(exported.folder.glob("**/.*.tmp"))                # written atomically


def test_floor_plan_layers_counts_and_extents(exported, docs):
    from ezdxf import bbox

    doc = docs["floorplan"]
    msp = doc.modelspace()
    assert {layer.name for layer in FLOOR_LAYERS} <= {layer.dxf.name for layer in doc.layers}
    on = Counter(e.dxf.layer for e in msp)
    layout = exported.results["plan"]["layout"]["hall-1"]
    assert on["RACKS"] == len(layout["racks"]) == sum(g.count for g in exported.run.analysed.loads.racks
                                                      if g.hall == "hall-1")
    assert on["CDUS"] == len(layout["cdus"]) == len(exported.run.analysed.cooling.cdus)
    assert on["ELECTRICAL"] == len(layout["equipment"]) and on["PIPING"] == len(layout["rows"])
    assert on["BUSWAY-A"] + on["BUSWAY-B"] > 0 and on["COLUMNS"] == len(exported.run.analysed.halls[0].columns)
    assert sorted(_ids(msp.query("*[layer=='RACKS']"))) == sorted(r["id"] for r in layout["racks"])
    hall = exported.run.analysed.halls[0]
    length, width = hall.length.to("m").magnitude, hall.width.to("m").magnitude
    walls = bbox.extents(msp.query("*[layer=='WALLS']"))
    assert walls.extmin.x == pytest.approx(0.0, abs=1e-9) and walls.extmin.y == pytest.approx(0.0, abs=1e-9)
    assert walls.extmax.x == pytest.approx(length, abs=1e-9) and walls.extmax.y == pytest.approx(width, abs=1e-9)
    racks = bbox.extents(msp.query("*[layer=='RACKS']"))
    assert racks.extmin.x == pytest.approx(min(r["x_m"] for r in layout["racks"]), abs=1e-9)
    assert racks.extmax.y == pytest.approx(max(r["y_m"] + r["depth_m"] for r in layout["racks"]), abs=1e-9)
    assert 0.0 <= racks.extmin.x and racks.extmax.x <= length and 0.0 <= racks.extmin.y and racks.extmax.y <= width
    columns = bbox.extents(msp.query("*[layer=='COLUMNS']"))       # x, y: a column's south-west corner, as the layout
    assert columns.extmin.x == pytest.approx(min(c.x.to("m").magnitude for c in hall.columns), abs=1e-9)
    assert columns.extmin.y == pytest.approx(min(c.y.to("m").magnitude for c in hall.columns), abs=1e-9)
    extmin, extmax = doc.header["$EXTMIN"], doc.header["$EXTMAX"]       # the hall, and the title block under it
    assert extmin[0] == pytest.approx(0.0, abs=1e-6) and extmax[0] == pytest.approx(length, abs=1e-6)
    assert extmax[1] == pytest.approx(width, abs=1e-6) and extmin[1] < 0.0
    titles = [e.dxf.text for e in msp.query("TEXT[layer=='TITLE']")]
    assert titles[0].startswith("Floor plan: hall-1") and any("units: metres" in t for t in titles)


def test_schematics_hold_every_sheet_and_element(exported, docs):
    design = exported.run.analysed
    for name, layers, prefix in (("oneline", ONELINE_LAYERS, "E-"), ("cooling", COOLING_LAYERS, "M-")):
        doc = docs[name]
        assert {layer.name for layer in layers} <= {layer.dxf.name for layer in doc.layers}
        msp = doc.modelspace()
        frames = len(msp.query("LWPOLYLINE[layer=='SHEET']"))
        numbers = [t.dxf.text.rsplit("sheet ", 1)[1] for t in msp.query("TEXT[layer=='TITLE']")
                   if f"sheet {prefix}" in t.dxf.text]
        assert numbers == [f"{prefix}{i + 1}" for i in range(frames)] and frames >= 1
        text = " ".join(t.dxf.text for t in msp.query("TEXT"))
        if name == "oneline":
            assert all(t.id in text for t in design.electrical.transformers)
            assert Counter(e.dxf.layer for e in msp)["WIRES-A"] > 0
        else:
            assert all(c.id in text for c in design.cooling.cdus)
            on = Counter(e.dxf.layer for e in msp)
            assert on["PIPING-SUPPLY"] > 0 and on["PIPING-RETURN"] > 0


def test_same_plan_same_dxf_bytes(exported):
    from retrofit.export.dxf import dxf_documents
    from retrofit.export.dxf_document import document_text

    [(name, doc, _)] = dxf_documents(exported.run, kinds=("floorplan",))
    assert (exported.dxf / name).read_text(encoding="utf-8") == document_text(doc)


def test_several_halls_one_floor_plan_each(exported, tmp_path):
    """With two halls, each has its floor plan, named after it; a hall the layout left empty has walls, no racks."""
    from retrofit.export import write_dxf
    from retrofit.report.pipeline import PlanRun

    run = exported.run
    hall = run.analysed.halls[0]
    two = run.analysed.model_copy(update={"halls": [hall, hall.model_copy(update={"id": "hall 2"})]})
    files = write_dxf(PlanRun(run.existing, two, run.results, run.plan), tmp_path, kinds=("floorplan",))
    assert [(f.path.name, f.hall) for f in files] == [("floorplan-hall-1.dxf", "hall-1"), ("floorplan-hall-2.dxf", "hall 2")]
    on = [Counter(e.dxf.layer for e in ezdxf.readfile(f.path).modelspace()) for f in files]
    assert on[0]["RACKS"] == len(exported.results["plan"]["layout"]["hall-1"]["racks"])
    assert on[1]["RACKS"] == 0 and on[1]["WALLS"] == 1
    with pytest.raises(ValueError, match="unknown DXF drawing"):
        write_dxf(run, tmp_path, kinds=("section",))


def test_floor_plan_renders(docs, tmp_path):
    """ezdxf's drawing add-on draws the floor plan: the hall's outline spans the picture, racks in it."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from ezdxf.addons.drawing import Frontend, RenderContext
    from ezdxf.addons.drawing.config import BackgroundPolicy, Configuration
    from ezdxf.addons.drawing.matplotlib import MatplotlibBackend

    doc = docs["floorplan"]
    fig = plt.figure(figsize=(12, 4), dpi=100)
    ax = fig.add_axes([0, 0, 1, 1])
    Frontend(RenderContext(doc), MatplotlibBackend(ax),
             config=Configuration(background_policy=BackgroundPolicy.WHITE)).draw_layout(doc.modelspace())
    png = tmp_path / "floorplan.png"
    fig.savefig(png)
    plt.close(fig)
    image = plt.imread(png)[..., :3]
    ink = (image < 0.9).any(axis=2)
    assert 0.01 < ink.mean() < 0.5                        # drawn, not blank, not a block of colour
    cols = np.flatnonzero(ink.any(axis=0))
    assert cols[-1] - cols[0] > 0.8 * ink.shape[1]         # the hall's length spans the picture


def test_docs_name_every_layer():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "exports.md").read_text(encoding="utf-8")
    for layer in FLOOR_LAYERS + ONELINE_LAYERS + COOLING_LAYERS:
        assert f"`{layer.name}`" in text, layer.name


_DRAW_A_FEW_ENTITY_TYPES = """
import sys
from retrofit.export.dxf_document import Layer, document_text, new_document
doc = new_document((Layer("A", "a layer", (10, 20, 30)),), "m")
msp = doc.modelspace()
msp.add_line((0, 0), (1, 1), dxfattribs={"layer": "A"})
msp.add_lwpolyline([(0, 0), (2, 0), (2, 1)], dxfattribs={"layer": "A"})
msp.add_text("t", dxfattribs={"layer": "A"})
msp.add_mtext("m", dxfattribs={"layer": "A"})
msp.add_circle((0, 0), 1.0, dxfattribs={"layer": "A"})
msp.add_hatch().paths.add_polyline_path([(0, 0), (1, 0), (1, 1)])
sys.stdout.write(document_text(doc))
"""


def test_dxf_text_does_not_depend_on_the_string_hash_seed():
    """ezdxf lists the entity types in use from a set; the CLASSES section must not follow the hash order."""
    import os
    import subprocess
    import sys

    texts = set()
    for seed in ("1", "2", "3", "4"):   # without the fixed order, seed 4 lists the classes differently
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _DRAW_A_FEW_ENTITY_TYPES], env=env, capture_output=True,
                              text=True, check=True)
        texts.add(done.stdout)
    assert len(texts) == 1
