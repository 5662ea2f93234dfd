"""Design variants for ``retrofit compare``: what a variant may change, parsed from the command line,
and how each change is applied (to the goal before planning, or to a design)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..errors import RetrofitError

HEAT_REJECTION = {"adiabatic": ("adiabatic_cooler",), "dry": None, "trim": None, "chiller": ("chiller",),
                  "tower": ("cooling_tower",)}
"""Heat-rejection options: the kinds the planner may select (None: derived from the plan by a swap)."""
REDUNDANCY = ("N", "N+1", "2N", "block_redundant")
BACKUP = ("none", "ride_through", "ups", "generator")
"""Backup policies a variant can give every class of load (:class:`retrofit.model.backup.BackupPolicy`): ``ups``
and ``generator`` take the battery minutes after a colon, for example ``ups:5``."""
KEYS = {
    "heat_rejection": "adiabatic | dry | trim | chiller | tower: dry swaps each adiabatic cooler for a dry cooler of "
                      "the same capacity (no pads); trim does the same and adds a trim chiller in series sized for the "
                      "shortfall at the design ambient plus one spare",
    "t_fws": "facility supply setpoint [degC]",
    "voltage": "415 | 480: new transformers limited to that secondary voltage (re-plans)",
    "racks": "number of compute racks, or max (re-plans)",
    "redundancy": "power redundancy policy: " + " | ".join(REDUNDANCY) + " (re-plans)",
    "backup": "backup of every class of load: none | ride_through | ups:MINUTES | generator:MINUTES (re-plans)",
}
PLANNING_KEYS = ("voltage", "racks", "redundancy", "backup")


@dataclass(frozen=True)
class Variant:
    """One variant: a name and its changes.

    Attributes
    ----------
    name : str
        Label in the table.
    heat_rejection : str or None
        Key of :data:`HEAT_REJECTION`.
    t_fws_c : float or None
        Facility supply setpoint [°C].
    voltage_v : float or None
        Secondary voltage of new transformers [V].
    racks : int or str or None
        Compute racks or ``"max"``.
    redundancy : str or None
        Power redundancy policy.
    backup : tuple or None
        Backup of every class of load: (kind, battery minutes or None).
    """

    name: str
    heat_rejection: str | None = None
    t_fws_c: float | None = None
    voltage_v: float | None = None
    racks: int | str | None = None
    redundancy: str | None = None
    backup: tuple[str, float | None] | None = None
    spec: str = field(default="", compare=False)

    @property
    def replans(self) -> bool:
        """True when a change needs the planner (a site file)."""
        return any(getattr(self, k) is not None for k in ("voltage_v", "racks", "redundancy", "backup"))

    def backup_policy(self) -> dict:
        """The goal's ``backup`` field for :attr:`backup`: the same kind for every class of load."""
        from ..model.backup import LOAD_CLASSES

        kind, minutes = self.backup
        kind = {"ups": "ups_minutes"}.get(kind, kind)
        return {c: {"kind": kind, "minutes": minutes} for c in LOAD_CLASSES}


def parse_variant(text: str) -> Variant:
    """A variant from ``NAME:key=value,key=value`` (see :data:`KEYS`).

    Parameters
    ----------
    text : str
        The ``--variant`` argument.

    Returns
    -------
    Variant
        The parsed variant.

    Raises
    ------
    RetrofitError
        Naming the key or value that is wrong and what is expected.

    Examples
    --------
    >>> parse_variant("dry:heat_rejection=dry,t_fws=32").t_fws_c
    32.0
    """
    name, sep, rest = text.partition(":")
    if not sep or not name.strip():
        raise RetrofitError(f"--variant {text!r}: expected NAME:key=value[,key=value...] with keys "
                            + ", ".join(KEYS))
    values: dict = {}
    for item in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not eq or key not in KEYS:
            raise RetrofitError(f"--variant {name}: {item!r}: expected key=value with key one of {', '.join(KEYS)}")
        try:
            if key == "heat_rejection":
                if value not in HEAT_REJECTION:
                    raise ValueError(f"expected one of {', '.join(HEAT_REJECTION)}")
                values["heat_rejection"] = value
            elif key == "t_fws":
                t = float(value.removesuffix("degC").removesuffix("C"))
                if not (math.isfinite(t) and 5.0 <= t <= 60.0):
                    raise ValueError("expected a temperature in degC between 5 and 60")
                values["t_fws_c"] = t
            elif key == "voltage":
                v = float(value.removesuffix("V"))
                if v not in (415.0, 480.0, 400.0, 208.0, 600.0):
                    raise ValueError("expected 415 or 480 (volts line to line)")
                values["voltage_v"] = v
            elif key == "racks":
                values["racks"] = "max" if value == "max" else int(value)
                if values["racks"] != "max" and values["racks"] < 1:
                    raise ValueError("expected a positive count or max")
            elif key == "redundancy":
                if value not in REDUNDANCY:
                    raise ValueError(f"expected one of {', '.join(REDUNDANCY)}")
                values["redundancy"] = value
            elif key == "backup":
                kind, colon, minutes = value.partition(":")
                if kind not in BACKUP:
                    raise ValueError("expected none, ride_through, ups:MINUTES or generator:MINUTES")
                if kind in ("ups", "generator"):
                    try:
                        m = float(minutes)
                    except ValueError:
                        m = math.nan
                    if not (math.isfinite(m) and 0.0 < m <= 240.0):
                        raise ValueError(f"{kind} needs its battery minutes, 0 to 240, as in {kind}:5")
                    values["backup"] = (kind, m)
                elif colon:
                    raise ValueError(f"{kind} has no battery: give it without minutes")
                else:
                    values["backup"] = (kind, None)
        except ValueError as exc:
            raise RetrofitError(f"--variant {name}: {key}={value!r}: {exc}") from None
    return Variant(name.strip(), spec=text, **values)
