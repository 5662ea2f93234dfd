"""Ratings at the site's conditions: transformers derated for the design ambient, switchboards and
busways for the room they stand in, and the loading limits the criteria put on them.

One place for these figures: the analysis, the planner and the review rules all take a transformer's
limit from :func:`transformer_limits` and an indoor item's from :func:`equipment_ambient_factor`.

* A transformer's **ambient-derated rating** is the load at which its hot spot reaches 110 °C at the
  design ambient in the steady state of IEEE C57.91-2011 Clause 7
  (:func:`retrofit.electrical.transformer_thermal.ambient_load_capability`), never above its nameplate
  (a cool site does not uprate it). The design ambient is the outdoor dry bulb the cooling is checked at
  (``criteria.design_ambient``), taken as the average over the outage: C57.91 asks for the average
  ambient of the load period, and an outage that lasts until a repair can span days at that
  temperature, so the peak is the conservative choice.
* The **limits**: normal operation within ``criteria.max_transformer_loading`` of the derated rating;
  after a single outage within ``criteria.max_transformer_loading_contingency`` of it (100 % unless a
  short-time emergency rating is stated with its basis, ``criteria.emergency_rating_basis``).
* **Switchboards and busways** (UL 891, UL 857) are rated for ambients up to 40 °C; above it their
  current is derated by the conductor heat balance, :math:`\\sqrt{(T_{max} - T_a)/(T_{max} - 40)}`, the
  relation of NEC 310.15(B) Equation 310.15(B) applied to the bus's temperature limit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Criteria, Design, Transformer
from ..units import magnitude
from .transformer_thermal import ThermalParameters, ambient_load_capability, rated_parameters

EQUIPMENT_RATING_AMBIENT_C = 40.0
"""Highest ambient at which switchboards (UL 891) and busways (UL 857) carry their rating [°C]."""

SWITCHBOARD_BUS_MAX_C = 105.0
"""Bus temperature at rating: 40 °C ambient plus the 65 K rise UL 891 allows on plated bus joints [°C]
(recalled; confirm against the edition applied)."""

BUSWAY_MAX_C = 95.0
"""Busway conductor temperature at rating: 40 °C ambient plus a 55 K rise (UL 857, recalled; confirm
against the edition and the maker's data) [°C]."""


@dataclass(frozen=True)
class TransformerLimits:
    """A transformer's capability at the design ambient and the loadings the criteria allow.

    Attributes
    ----------
    ambient_c : float
        Design ambient [°C].
    capability : float
        Load at which the hot spot reaches 110 °C at that ambient, per unit of nameplate [-].
    derating : float
        ``min(capability, 1)``: the derated rating per unit of nameplate [-].
    normal, contingency : float
        Highest loading per unit of nameplate in normal operation and after an outage [-].
    basis : str
        How the limits were set, in words.
    """

    ambient_c: float
    capability: float
    derating: float
    normal: float
    contingency: float
    basis: str


def design_ambient_c(design: Design) -> float:
    """The outdoor design dry bulb the ratings are taken at [°C] (the cooling's governing ambient)."""
    from ..cooling.ambient import design_ambients, governing

    return governing(design_ambients(design)).t_dry_bulb_k - 273.15


def transformer_thermal_parameters(transformer: Transformer) -> ThermalParameters:
    """The thermal data of a transformer from its cooling class and losses (rated rises of IEEE C57.12.00).

    Parameters
    ----------
    transformer : Transformer
        The transformer; without ``load_loss`` its load loss is taken from its resistance, Z / sqrt(1 +
        (X/R)^2) of the rating.

    Returns
    -------
    ThermalParameters
        R, the rated rises and the exponents of :func:`~.transformer_thermal.rated_parameters`.
    """
    load_loss = magnitude(transformer.load_loss, "W") if transformer.load_loss is not None else math.nan
    no_load = magnitude(transformer.no_load_loss, "W")
    if not math.isfinite(load_loss):
        # load loss from %R when not given: R = Z / sqrt(1 + (X/R)^2) of the rating
        r_pu = magnitude(transformer.z_percent, "dimensionless") / math.sqrt(1.0 + transformer.xr_ratio ** 2)
        load_loss = r_pu * magnitude(transformer.rating, "VA")
    return rated_parameters(transformer.cooling_class, load_loss, no_load)


def transformer_limits(transformer: Transformer, criteria: Criteria | None, ambient_c: float) -> TransformerLimits:
    """Loading limits of one transformer at an ambient, per unit of its nameplate.

    Parameters
    ----------
    transformer : Transformer
        The transformer (cooling class and losses are read).
    criteria : Criteria or None
        The design criteria (the defaults when None).
    ambient_c : float
        Design ambient [°C].

    Returns
    -------
    TransformerLimits
        Capability, derating and limits.

    Examples
    --------
    >>> t = Transformer(id="t", hv_bus="a", lv_bus="b", rating="2500 kVA", v_primary="13.8 kV",
    ...                 v_secondary="415 V", z_percent="5.75 %", xr_ratio=8.0, no_load_loss="2.5 kW",
    ...                 load_loss="21 kW")
    >>> round(transformer_limits(t, None, 43.0).contingency, 3)
    0.885
    """
    crit = criteria or Criteria()
    params = transformer_thermal_parameters(transformer)
    capability = ambient_load_capability(ambient_c + 273.15, params)
    derating = min(capability, 1.0)
    normal = magnitude(crit.max_transformer_loading, "dimensionless") * derating
    cont_k = magnitude(crit.max_transformer_loading_contingency, "dimensionless")
    contingency = cont_k * derating
    basis = (f"{derating:.1%} of nameplate at {ambient_c:.1f} °C (IEEE C57.91 Clause 7 steady state, "
             f"{transformer.cooling_class}, R = {params.loss_ratio:.1f}, 110 °C hot spot)")
    if cont_k > 1.0:
        basis += f"; emergency rating {cont_k:.0%} on: {crit.emergency_rating_basis}"
    return TransformerLimits(ambient_c, capability, derating, normal, contingency, basis)


def equipment_ambient_factor(ambient_c: float, conductor_max_c: float,
                             rating_ambient_c: float = EQUIPMENT_RATING_AMBIENT_C) -> float:
    """Fraction of its rated current an indoor switchboard or busway carries at an ambient.

    Parameters
    ----------
    ambient_c : float
        Air temperature around the equipment [°C].
    conductor_max_c : float
        Conductor temperature at rated current and rating ambient [°C].
    rating_ambient_c : float
        Highest ambient of the rating [°C].

    Returns
    -------
    float
        1 up to the rating ambient; :math:`\\sqrt{(T_{max}-T_a)/(T_{max}-T_r)}` above it; 0 at or above
        the conductor limit [-].

    Examples
    --------
    >>> equipment_ambient_factor(35.0, SWITCHBOARD_BUS_MAX_C)
    1.0
    >>> round(equipment_ambient_factor(50.0, SWITCHBOARD_BUS_MAX_C), 3)
    0.92
    """
    if ambient_c <= rating_ambient_c:
        return 1.0
    if ambient_c >= conductor_max_c:
        return 0.0
    return math.sqrt((conductor_max_c - ambient_c) / (conductor_max_c - rating_ambient_c))


def design_transformer_limits(design: Design) -> dict[str, TransformerLimits]:
    """:func:`transformer_limits` of every transformer of ``design`` at its design ambient, by id."""
    crit = design.goal.criteria if design.goal else None
    t = design_ambient_c(design)
    return {tr.id: transformer_limits(tr, crit, t) for tr in sorted(design.electrical.transformers, key=lambda x: x.id)}


__all__ = ["BUSWAY_MAX_C", "EQUIPMENT_RATING_AMBIENT_C", "SWITCHBOARD_BUS_MAX_C", "TransformerLimits",
           "design_ambient_c", "design_transformer_limits", "equipment_ambient_factor", "transformer_limits",
           "transformer_thermal_parameters"]
