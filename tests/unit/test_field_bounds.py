"""Every quantity of the design schema has a bound in retrofit.model.limits (or a rule that checks it), so that
``retrofit validate`` refuses a value a solver would refuse; found missing by the mutation fuzz (a negative
long-time pickup passed validate and stopped the protection study)."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from pydantic import BaseModel

import retrofit.model as model
from retrofit.cli import main
from retrofit.model.limits import FIELD_BOUNDS

# checked by a rule of their own instead of a range: the NEC ampacity columns a cable's temperature
# ratings select (retrofit.electrical.conductor_check.rate_cable, called by validate)
CHECKED_ELSEWHERE = {("Cable", "insulation_rating"), ("Cable", "termination_rating")}


def _schema_fields():
    """(record class name, field name, field info) of every record of the design schema."""
    for info in pkgutil.iter_modules(model.__path__):
        module = importlib.import_module(f"{model.__name__}.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseModel) and cls.__module__ == module.__name__:
                for field, spec in cls.model_fields.items():
                    yield name, field, spec


def _quantity_fields():
    return ((name, field) for name, field, spec in _schema_fields() if "Quantity" in str(spec.annotation))


def test_every_quantity_field_has_a_bound():
    missing = sorted({(c, f) for c, f in _quantity_fields()
                      if f not in FIELD_BOUNDS.get(c, {}) and (c, f) not in CHECKED_ELSEWHERE})
    assert not missing, f"add to retrofit.model.limits.FIELD_BOUNDS: {missing}"


def test_negative_trip_pickup_is_refused_with_its_line(tmp_path, capsys):
    text = tmp_path / "design.yaml"
    source = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"
    body = source.read_text(encoding="utf-8").replace(
        "kind: lvpcb, rating: 3200 A, interrupting: 65 kA}",
        "kind: lvpcb, rating: 3200 A, interrupting: 65 kA, trip: {long_time_pickup: -1 A}}", 1)
    text.write_text(body, encoding="utf-8")
    assert main(["validate", str(text)]) == 2
    err = capsys.readouterr().err
    line = next(i for i, x in enumerate(body.splitlines(), 1) if "long_time_pickup: -1 A" in x)
    assert f"design.yaml:{line}: electrical.breakers[2].trip.long_time_pickup: found \"-1 A\"; expected current > 0" in err


def _refused(tmp_path, capsys, old: str, new: str) -> tuple[str, str]:
    source = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"
    body = source.read_text(encoding="utf-8")
    assert old in body
    body = body.replace(old, new, 1)
    (tmp_path / "design.yaml").write_text(body, encoding="utf-8")
    assert main(["validate", str(tmp_path / "design.yaml")]) == 2
    return body, capsys.readouterr().err


def test_a_pipe_run_of_no_length_is_refused(tmp_path, capsys):
    """Found by the mutation fuzz: a main of "-0 m" passed validate and the hydraulic solver refused the pipe."""
    for length in ("0 m", "-0 m"):
        _, err = _refused(tmp_path, capsys, "main: {length: 15 m,", f"main: {{length: {length},")
        assert "main.length" in err and "expected length > 0" in err


def test_an_absurd_cable_reactance_is_refused(tmp_path, capsys):
    """Found by the mutation fuzz: 1e12 ohm/kft passed validate and left the short-circuit study a negative X/R."""
    body, err = _refused(tmp_path, capsys, "r_per_length: 0.12 ohm/kft, x_per_length: 0.05 ohm/kft}",
                         "r_per_length: 0.12 ohm/kft, x_per_length: 1e12 ohm/kft}")
    line = next(i for i, x in enumerate(body.splitlines(), 1) if "1e12 ohm/kft" in x)
    assert f"design.yaml:{line}: electrical.cables[0].x_per_length: found \"1e12 ohm/kft\"" in err
    assert "up to 6.5 ohm/km" in err


def _float_fields():
    return ((name, field, spec) for name, field, spec in _schema_fields() if spec.annotation in (float, float | None))


def test_every_plain_number_of_the_schema_has_an_upper_bound():
    """Found by the mutation fuzz: a transformer X/R of 1e300 passed validate and overflowed the fault study."""
    unbounded = [f"{name}.{field}" for name, field, spec in _float_fields()
                 if not any(hasattr(m, "le") or hasattr(m, "lt") for m in spec.metadata)]
    assert unbounded == []


def test_an_absurd_source_x_over_r_is_refused(tmp_path, capsys):
    body, err = _refused(tmp_path, capsys, "xr_ratio: 10", "xr_ratio: 1.0e+300")
    line = next(i for i, x in enumerate(body.splitlines(), 1) if "1.0e+300" in x)
    assert f"design.yaml:{line}: utility.xr_ratio: found 1e+300; expected less than or equal to 150" in err
