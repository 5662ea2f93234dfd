"""Can the feeder tables rate a cable of the design? The input rule the loader applies to each cable.

The electrical analysis takes a cable's resistance and reactance from NEC Chapter 9 Table 9 (unless the
design gives both per length) and its ampacity from NEC Table 310.16 with the corrections of 310.15
(conductors rated up to 2000 V). :func:`cable_problem` asks those same tables, with the same arguments
as :func:`retrofit.electrical.design_grid.build_design_grid`, so that a design the loader accepts never
fails there. Medium-voltage cables whose Article 315 table is not shipped are noted by the analysis, not
refused, and are not refused here either.
"""
from __future__ import annotations

import re

from ..errors import OutOfRange, RetrofitError
from ..units import magnitude
from .ampacity import conductor_ampacity
from .mv_ampacity import CABLE_INSTALLATION, MvTableMissing, mv_cable_ampacity
from .nec_tables import normalize_size
from .design_grid import _CONDUIT, _MATERIAL, LV_LIMIT_V
from .voltage_drop import cable_impedance

_METRIC = re.compile(r"mm\s*(\*\*\s*2|²|2|\^2)", re.IGNORECASE)


def cable_problem(cable) -> tuple[str, str] | None:
    """The field at fault and the message when the NEC tables cannot rate ``cable``, else None.

    Parameters
    ----------
    cable : retrofit.model.Cable
        A cable of a validated design [-].

    Returns
    -------
    tuple of (str, str) or None
        (field name, message saying what was found and what is expected).

    Examples
    --------
    >>> from retrofit.model import Cable
    >>> c = Cable(id="c1", from_bus="a", to_bus="b", size="240 mm**2", length="10 m")
    >>> cable_problem(c)[0]
    'size'
    """
    if _METRIC.search(cable.size):
        return ("size", f"\"{cable.size}\" is a metric (IEC 60228) size, which the NEC ampacity and impedance "
                        "tables used for feeders do not list; expected an AWG or kcmil size such as \"4/0 AWG\" or "
                        "\"500 kcmil\" (the nearest smaller one for a conservative rating)")
    try:
        normalize_size(cable.size, known=tuple(_known_sizes()))
        if cable.r_per_length is None or cable.x_per_length is None:
            cable_impedance(cable.size, _MATERIAL[cable.material], _CONDUIT[cable.installation],
                            magnitude(cable.length, "m"), 1)
        if magnitude(cable.voltage_rating, "V") <= LV_LIMIT_V:
            conductor_ampacity(cable.size, _MATERIAL[cable.material], int(round(magnitude(cable.insulation_rating, "degC"))),
                               magnitude(cable.ambient, "degC"), cable.current_carrying,
                               int(round(magnitude(cable.termination_rating, "degC"))), cable.sets)
        else:
            try:
                mv_cable_ampacity(cable.size, _MATERIAL[cable.material], int(round(magnitude(cable.insulation_rating, "degC"))),
                                  magnitude(cable.voltage_rating, "V"), CABLE_INSTALLATION[cable.installation],
                                  magnitude(cable.ambient, "degC"), int(round(magnitude(cable.termination_rating, "degC"))),
                                  cable.sets)
            except (MvTableMissing, OutOfRange):
                return None  # valid input: the review reports this cable's ampacity untested, naming the table it needs
    except (RetrofitError, KeyError) as exc:
        message = str(exc).strip("'\"")
        return (_field_of(message), f"{message}; expected a cable the NEC tables rate (NFPA 70 Table 310.16 and "
                                    "Chapter 9 Table 9)")
    return None


def _field_of(message: str) -> str:
    lowered = message.lower()
    for clue, field in (("insulation rating", "insulation_rating"), ("termination", "termination_rating"),
                        ("ambient", "ambient"), ("parallel", "sets"), ("current-carrying", "current_carrying"),
                        ("conductors", "current_carrying")):
        if clue in lowered:
            return field
    return "size"


def _known_sizes() -> list[str]:
    from .nec_tables import load_nec_tables

    try:
        return list(load_nec_tables().impedance.sizes)
    except Exception:  # noqa: BLE001 - the suggestions are a courtesy
        return []
