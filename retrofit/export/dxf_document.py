"""DXF documents as the exports write them: a fixed DXF version, units in the header, named layers with
colours, element ids as extended data, and text that is the same bytes for the same drawing (no
creation time or random GUIDs).
"""
from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

#: DXF version written: AutoCAD 2010, read by every current CAD program, text in UTF-8.
DXF_VERSION = "R2010"
#: Application id under which each entity carries the id of the element it draws (extended data).
APPID = "RETROFIT"


@dataclass(frozen=True)
class Layer:
    """A layer: its name, what it holds, its colour (RGB) and line type."""

    name: str
    description: str
    rgb: tuple[int, int, int]
    linetype: str = "CONTINUOUS"


@contextmanager
def _fixed_metadata() -> Iterator[None]:
    """ezdxf stamps the time and random GUIDs into a file unless told not to; the exports are reproducible."""
    import ezdxf

    before = ezdxf.options.write_fixed_meta_data_for_testing
    ezdxf.options.write_fixed_meta_data_for_testing = True
    try:
        yield
    finally:
        ezdxf.options.write_fixed_meta_data_for_testing = before


def new_document(layers: tuple[Layer, ...], units: str):
    """A new DXF document with ``layers`` and its drawing units.

    Parameters
    ----------
    layers : tuple of Layer
        The layers to create, in order.
    units : str
        ``"m"`` (a plan to scale) or ``"mm"`` (a diagram, in millimetres of the printed sheet).
    """
    import ezdxf
    from ezdxf import units as dxf_units

    with _fixed_metadata():
        doc = ezdxf.new(DXF_VERSION, setup=["linetypes"])
    doc.units = {"m": dxf_units.M, "mm": dxf_units.MM}[units]
    doc.header["$MEASUREMENT"] = 1                  # metric
    doc.header["$LUNITS"] = 2                       # decimal
    doc.appids.new(APPID)
    for layer in layers:
        entry = doc.layers.add(layer.name, linetype=layer.linetype)
        entry.rgb = layer.rgb
        entry.description = layer.description
    return doc


def tag(entity, element_id: str) -> None:
    """Attach the id of the element ``entity`` draws, as extended data under :data:`APPID`."""
    if element_id:
        entity.set_xdata(APPID, [(1000, str(element_id))])


def _classes_in_fixed_order(doc) -> None:
    """ezdxf registers a CLASS per entity type in use by iterating a set, so the CLASSES section came out in
    the order of the string hashes, which change from one process to the next; registered here first and
    sorted by name, writing keeps them in that order (it only adds the classes that are missing)."""
    doc.classes.add_required_classes(doc.dxfversion)
    doc.classes.classes = OrderedDict(sorted(doc.classes.classes.items()))


def document_text(doc) -> str:
    """The document as DXF text, its header's extents ($EXTMIN, $EXTMAX) those of the model space and its view
    zoomed to them, so a CAD program opens on the whole drawing: the same document gives the same text."""
    from ezdxf import appsettings, zoom

    extents = appsettings.update_extents(doc)
    if extents.has_data:
        zoom.center(doc.modelspace(), extents.center, extents.size)
    _classes_in_fixed_order(doc)
    stream = io.StringIO()
    with _fixed_metadata():
        doc.write(stream)
    return stream.getvalue()


__all__ = ["APPID", "DXF_VERSION", "Layer", "document_text", "new_document", "tag"]
