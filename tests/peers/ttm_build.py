"""Builds the transformer-thermal-model (Alliander, IEC 60076-7) run used by the peer cross-check.

One two-winding transformer at a constant load and ambient, run long enough that the time-domain
model of IEC 60076-7:2018 (its difference equations, Annex F form, integrated with exact exponential
steps) has settled: its last top-oil and hot-spot temperatures are the steady state that
``retrofit.electrical.transformer_thermal`` computes in closed form.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from transformer_thermal_model.cooler import CoolerType
from transformer_thermal_model.model import Model
from transformer_thermal_model.schemas import InputProfile, UserTransformerSpecifications
from transformer_thermal_model.transformer import PowerTransformer

#: Hourly steps of the run; 2,000 h is over 1,000 of the slowest time constant of the peer's defaults
#: (k11 x tau_o = 0.5 x 210 min), so the start from the ambient has decayed below floating point.
STEPS = 2000
#: Rated secondary current of the peer's transformer; the load is given as a multiple of it [A].
NOMINAL_A = 1000.0


@dataclass(frozen=True)
class PeerSteadyState:
    """Last temperatures of the peer's run [degC]."""

    top_oil_c: float
    hot_spot_c: float


def peer_steady_state(load_ratio: float, ambient_c: float, load_loss_w: float, no_load_loss_w: float,
                      top_oil_rise_k: float, hot_spot_gradient_k: float, oil_exponent: float,
                      winding_exponent: float) -> PeerSteadyState:
    """Run the peer at a constant load ratio K and ambient and return its settled temperatures.

    The peer's winding gradient is ``hot_spot_fac x winding_oil_gradient``; the hot-spot factor is set
    to 1 and the gradient to the hot spot over top oil at rated load, so the two models share their
    inputs. No ambient surcharge and no end-temperature reduction (both peer options) are applied.
    """
    start = datetime(2026, 1, 1)
    index = [start + timedelta(hours=i) for i in range(STEPS)]
    profile = InputProfile.create(datetime_index=index, load_profile=[load_ratio * NOMINAL_A] * STEPS,
                                  ambient_temperature_profile=[ambient_c] * STEPS)
    specs = UserTransformerSpecifications(
        load_loss=load_loss_w, no_load_loss=no_load_loss_w, nom_load_sec_side=NOMINAL_A,
        top_oil_temp_rise=top_oil_rise_k, winding_oil_gradient=hot_spot_gradient_k, hot_spot_fac=1.0,
        oil_exp_x=oil_exponent, winding_exp_y=winding_exponent, amb_temp_surcharge=0.0, end_temp_reduction=0.0)
    transformer = PowerTransformer(user_specs=specs, cooling_type=CoolerType.ONAN)
    result = Model(temperature_profile=profile, transformer=transformer).run()
    return PeerSteadyState(float(result.top_oil_temp_profile.iloc[-1]), float(result.hot_spot_temp_profile.iloc[-1]))
