"""The rated point of a heat-rejection unit of a design, as the kernel of its kind takes it.

One function, :func:`unit_rating`, shared by the plant balance (:mod:`retrofit.cooling.balance`) and the
input check of :mod:`retrofit.io.input_rules`, so that a unit the check accepts is the unit the balance
solves. It loads only the heat-rejection kernels, not the plant solver.
"""
from __future__ import annotations

from ..errors import RetrofitError
from ..units import magnitude
from .chillers import AirCooledChillerRating
from .cooling_towers import CoolingTowerRating
from .fluid_coolers import AdiabaticCoolerRating, DryCoolerRating


def unit_rating(unit, cp_fluid_j_kg_k: float):
    """Rated point of ``unit`` for the heat-rejection kernels.

    Parameters
    ----------
    unit : retrofit.model.HeatRejection
        A heat-rejection element of a design [-].
    cp_fluid_j_kg_k : float
        Specific heat of the loop's fluid at its rating [J/(kg K)].

    Returns
    -------
    DryCoolerRating, AdiabaticCoolerRating, CoolingTowerRating or AirCooledChillerRating
        The rating, its fluid mass flow Q / (cp (T_in - T_out)) [kg/s] included.

    Raises
    ------
    RetrofitError
        A dry or adiabatic cooler without ``airflow_rated``, or a chiller without ``cop_rated``.
    """
    kind = unit.kind
    q = magnitude(unit.capacity, "W")
    t_in, t_out = magnitude(unit.t_fluid_in_rated, "K"), magnitude(unit.t_fluid_out_rated, "K")
    flow = q / (cp_fluid_j_kg_k * max(t_in - t_out, 0.1))
    if kind in ("dry_cooler", "adiabatic_cooler"):
        if unit.airflow_rated is None:
            raise RetrofitError(f"heat-rejection unit {unit.id}: airflow_rated is needed for a {kind}")
        common = dict(q_rated_w=q, t_fluid_in_rated_k=t_in, flow_fluid_rated_kg_s=flow,
                      cp_fluid_rated_j_kg_k=cp_fluid_j_kg_k, t_dry_bulb_rated_k=magnitude(unit.t_ambient_rated, "K"),
                      airflow_rated_m3_s=magnitude(unit.airflow_rated, "m**3/s"),
                      fan_power_rated_w=magnitude(unit.fan_power_rated, "W"), altitude_rated_m=0.0)
        if kind == "dry_cooler":
            return DryCoolerRating(**common)
        eff = magnitude(unit.pad_efficiency, "dimensionless") if unit.pad_efficiency is not None else 0.8
        return AdiabaticCoolerRating(**common, pad_effectiveness=eff)
    if kind == "cooling_tower":
        return CoolingTowerRating(q_rated_w=q, t_water_in_rated_k=t_in, flow_water_rated_kg_s=flow,
                                  cp_water_rated_j_kg_k=cp_fluid_j_kg_k,
                                  t_wet_bulb_rated_k=magnitude(unit.t_ambient_rated, "K"),
                                  fan_power_rated_w=magnitude(unit.fan_power_rated, "W"))
    if unit.cop_rated is None:
        raise RetrofitError(f"heat-rejection unit {unit.id}: cop_rated is needed for a chiller")
    return AirCooledChillerRating(q_rated_w=q, cop_rated=unit.cop_rated, t_leaving_rated_k=t_out,
                                  t_dry_bulb_rated_k=magnitude(unit.t_ambient_rated, "K"))
