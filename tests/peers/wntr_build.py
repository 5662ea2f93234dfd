"""Build the WNTR / EPANET peer model of a retrofit :class:`~retrofit.cooling.hydraulic_network.HydraulicNetwork`.

The mapping, element by element (WNTR keeps SI units inside; EPANET reads the .inp file WNTR writes,
in LPS here, so Darcy-Weisbach roughness goes out in millimetres):

======================  ===================================================================
retrofit                WNTR / EPANET 2.2
======================  ===================================================================
junction                junction (elevation, base demand)
fixed-head node         reservoir (base head)
pipe                    pipe, headloss 'D-W' (length, diameter, roughness [m], minor loss)
valve                   TCV of the same diameter, setting = K (closed -> status Closed)
resistance K            TCV of diameter ``equivalent_diameter``, setting K 0.3048 D^4 / 0.02517
component, r1 = 0       TCV as for a resistance, with K = r2 / (rho g)
component, r1 > 0       GPV with a 101-point head-loss curve (piecewise linear: approximate)
pump, a = 0             3-point curve (0, H0), (Q1, H1), (Q2, H2) scaled to the group of n pumps,
                        so EPANET's fit H = A - B Q^C returns C = 2 exactly; speed -> pump speed
pump, a != 0            multi-point curve (EPANET interpolates it linearly: approximate)
======================  ===================================================================

EPANET fixes some constants: g = 32.2 ft/s^2 in its Darcy-Weisbach resistance (use
:data:`EPANET_GRAVITY` on the retrofit side for a like-for-like comparison), kinematic viscosity
relative to 1.1e-5 ft^2/s (:data:`EPANET_VISCOSITY`), the Swamee-Jain friction factor for turbulent
flow and check valves on every pump.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import wntr

from retrofit.cooling.hydraulic_network import COMPONENT, PIPE, PUMP, RESISTANCE, VALVE, HydraulicNetwork

#: Acceleration of gravity built into EPANET's Darcy-Weisbach resistance, 32.2 ft/s^2 [m/s2].
EPANET_GRAVITY = 32.2 * 0.3048
#: EPANET's reference kinematic viscosity (VISCOSITY 1.0), 1.1e-5 ft^2/s [m2/s].
EPANET_VISCOSITY = 1.1e-5 * 0.3048**2


def to_wntr(network: HydraulicNetwork, density: float = 998.2, kinematic_viscosity: float = EPANET_VISCOSITY,
            gravity: float = EPANET_GRAVITY, equivalent_diameter: float = 0.1) -> wntr.network.WaterNetworkModel:
    """A WNTR model equivalent to ``network`` for a steady (single period) EPANET run.

    Parameters
    ----------
    network : HydraulicNetwork
        The retrofit network.
    density : float
        Fluid density [kg/m3], to turn component pressure drops into heads.
    kinematic_viscosity : float
        Fluid kinematic viscosity [m2/s].
    gravity : float
        Acceleration of gravity used to turn component pressure drops into heads [m/s2]; pass the
        value the retrofit solve used.
    equivalent_diameter : float
        Diameter given to the TCVs that stand for fixed resistances and components [m].

    Returns
    -------
    model : wntr.network.WaterNetworkModel
        With D-W head loss, LPS units in the .inp file and a tight accuracy.
    """
    wn = wntr.network.WaterNetworkModel()
    wn.options.hydraulic.inpfile_units = "LPS"
    wn.options.hydraulic.headloss = "D-W"
    wn.options.hydraulic.viscosity = kinematic_viscosity / EPANET_VISCOSITY
    wn.options.hydraulic.accuracy = 1e-8
    wn.options.hydraulic.trials = 500
    wn.options.time.duration = 0
    net = network
    for i, node_id in enumerate(net.node_ids):
        if np.isnan(net.fixed_head[i]):
            wn.add_junction(node_id, base_demand=float(net.demand[i]), elevation=float(net.elevation[i]))
        else:
            wn.add_reservoir(node_id, base_head=float(net.fixed_head[i]))
    pump_of_link = {int(link): j for j, link in enumerate(net.pump_link)}
    for k, link_id in enumerate(net.link_ids):
        start, end = net.node_ids[net.start_node[k]], net.node_ids[net.end_node[k]]
        kind, is_open = int(net.kind[k]), bool(net.is_open[k])
        status = "OPEN" if is_open else "CLOSED"
        if kind == PIPE:
            wn.add_pipe(link_id, start, end, length=float(net.length[k]), diameter=float(net.diameter[k]),
                        roughness=float(net.roughness[k]), minor_loss=float(net.minor_loss[k]),
                        initial_status=status)
        elif kind == VALVE:
            wn.add_valve(link_id, start, end, diameter=float(net.diameter[k]), valve_type="TCV",
                         initial_setting=float(net.minor_loss[k]), initial_status="ACTIVE" if is_open else "CLOSED")
        elif kind in (RESISTANCE, COMPONENT) and (kind == RESISTANCE or net.dp_linear[k] == 0.0):
            quadratic = net.resistance[k] if kind == RESISTANCE else net.dp_quadratic[k] / (density * gravity)
            # EPANET's minor loss is h = 0.02517 K Q^2 / d^4 in ft and cfs
            setting = quadratic * 0.3048 * equivalent_diameter**4 / 0.02517
            wn.add_valve(link_id, start, end, diameter=equivalent_diameter, valve_type="TCV",
                         initial_setting=float(setting))
        elif kind == COMPONENT:
            r1, r2 = net.dp_linear[k] / (density * gravity), net.dp_quadratic[k] / (density * gravity)
            q_max = (-r1 + np.sqrt(r1 * r1 + 4 * r2 * 100.0)) / (2 * r2) if r2 > 0 else 100.0 / r1
            q = np.linspace(0.0, q_max, 101)
            wn.add_curve(f"{link_id}_dp", "HEADLOSS", list(zip(q.tolist(), (r1 * q + r2 * q * q).tolist())))
            wn.add_valve(link_id, start, end, diameter=equivalent_diameter, valve_type="GPV",
                         initial_setting=f"{link_id}_dp")
        elif kind == PUMP:
            j = pump_of_link[k]
            curve, n = net.pump_curves[j], max(int(net.parallel_count[j]), 1)
            run_out = curve.max_flow(1.0, n)
            if curve.linear_coefficient == 0:
                flows = np.linspace(0.0, run_out, 4)[:-1]
            else:
                flows = np.linspace(0.0, run_out, 21)
            points = [(float(q), float(curve.head(q, 1.0, n))) for q in flows]
            wn.add_curve(f"{link_id}_curve", "HEAD", points)
            wn.add_pump(link_id, start, end, pump_type="HEAD", pump_parameter=f"{link_id}_curve",
                        speed=float(net.speed_ratio[j]), initial_status=status)
    return wn


def run_epanet(wn: wntr.network.WaterNetworkModel, directory: Path):
    """Run EPANET 2.2 through WNTR; return (flows by link id [m3/s], heads by node id [m])."""
    results = wntr.sim.EpanetSimulator(wn).run_sim(file_prefix=str(Path(directory) / "peer"))
    flows = results.link["flowrate"].iloc[0].to_dict()
    heads = results.node["head"].iloc[0].to_dict()
    return flows, heads
