"""Write ``coolant_samples.npz``, the shipped CoolProp samples of the catalog's coolants.

Run ``python -m retrofit.cooling.coolant_samples`` after a CoolProp upgrade; the file records the CoolProp
version it was generated with (class computed, source CoolProp ``PropsSI``), and
``tests/unit/test_coolant_samples.py`` checks it against the installed CoolProp.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from .coolant import SAMPLES_FILE, SHIPPED_COOLANTS, coolprop_samples, samples_key


def sample_arrays() -> dict[str, np.ndarray]:
    """Every array of the samples file, from the installed CoolProp, by name."""
    import CoolProp

    arrays = {"coolprop_version": np.array(CoolProp.__version__),
              "source": np.array("computed: CoolProp PropsSI (IAPWS-95 Water; INCOMP::MPG, INCOMP::MEG) "
                                 "at 2 bar, freezing point to 100 degC")}
    for kind, fraction in SHIPPED_COOLANTS:
        samples = coolprop_samples(kind, fraction)
        key = samples_key(kind, fraction)
        arrays[f"{key}_temperature"] = samples.temperature
        for prop, values in samples.values.items():
            arrays[f"{key}_{prop}"] = values
    return arrays


def write_samples(path: Path = SAMPLES_FILE) -> None:
    """Write the samples file (compressed, no pickles; the bytes depend only on the arrays)."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **sample_arrays())
    path.write_bytes(buffer.getvalue())


if __name__ == "__main__":
    write_samples()
    print(f"wrote {SAMPLES_FILE.name}")
