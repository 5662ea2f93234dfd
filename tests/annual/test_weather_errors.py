"""Bad weather, tariff and variant inputs: clear errors naming file, line and field (exit status 2)."""
from __future__ import annotations

import pytest

from retrofit.annual.tariff import read_tariff
from retrofit.annual.variants import parse_variant
from retrofit.cli import main
from retrofit.errors import InputError, RetrofitError
from retrofit.weather.epw import read_epw
from retrofit.weather.tmy3 import read_tmy3

from annual_epw_writer import epw_text

LOC = {"city": "Test", "state": "WA", "country": "USA", "source": "test", "wmo": "0", "latitude_deg": 47.0,
       "longitude_deg": -119.0, "time_zone_h": -8.0, "elevation_m": 356.0}


def test_epw_missing_value_names_its_line(tmp_path):
    path = tmp_path / "gap.epw"
    path.write_text(epw_text(LOC, [(2001, 7, 1, 1, 20.0, 10.0, 50, 96000), (2001, 7, 1, 2, 99.9, 10.0, 50, 96000)]))
    with pytest.raises(InputError) as err:
        read_epw(path)
    problem = err.value.problems[0]
    assert problem.line == 10 and "dry bulb" in problem.field and "missing" in problem.message


def test_epw_without_location(tmp_path):
    path = tmp_path / "bad.epw"
    path.write_text("hello\n")
    with pytest.raises(InputError, match="LOCATION"):
        read_epw(path)


def test_tmy3_bad_number(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text('1,"X",WA,-8,47,-119,356\nDate (MM/DD/YYYY),Time (HH:MM),Dry-bulb (C),Dew-point (C),Pressure (mbar)\n'
                    '01/01/2001,01:00,abc,1,1000\n')
    with pytest.raises(InputError) as err:
        read_tmy3(path)
    assert err.value.problems[0].line == 3 and err.value.problems[0].field == "Dry-bulb (C)"


def test_tariff_errors(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("energy_usd_per_kwh: -1\nfoo: 2\n")
    with pytest.raises(InputError) as err:
        read_tariff(path)
    fields = {p.field for p in err.value.problems}
    assert fields == {"energy_usd_per_kwh", "foo"}


@pytest.mark.parametrize("text", ["nocolon", "a:heat_rejection=ice", "a:t_fws=200", "a:racks=0", "a:colour=red",
                                  "a:redundancy=3N", "a:backup=N+1", "a:backup=ups", "a:backup=ups:x",
                                  "a:backup=generator:500", "a:backup=none:5"])
def test_bad_variant(text):
    with pytest.raises(RetrofitError):
        parse_variant(text)


def test_cli_exit_2_on_bad_weather_suffix(tmp_path, capsys):
    path = tmp_path / "w.txt"
    path.write_text("x")
    assert main(["annual", "examples/pilot-hall/design.yaml", "--weather", str(path)]) == 2
    assert "expected .epw" in capsys.readouterr().err


def test_cli_exit_2_on_bad_variant(capsys):
    assert main(["compare", "examples/pilot-hall/design.yaml", "--variant", "x:heat_rejection=ice"]) == 2
    assert "heat_rejection" in capsys.readouterr().err


def test_redundancy_and_backup_variants():
    """``redundancy`` sets the power redundancy; ``backup`` the same backup policy for every class of load."""
    from retrofit.model.backup import BackupPolicy

    v = parse_variant("b:redundancy=N+1,backup=ups:5")
    assert v.redundancy == "N+1" and v.backup == ("ups", 5.0) and v.replans
    policy = BackupPolicy.model_validate(v.backup_policy())
    assert policy.gpu_racks.kind == "ups_minutes" and policy.cdus.minutes == 5.0
    assert BackupPolicy.model_validate(parse_variant("r:backup=ride_through").backup_policy()).controls.kind == "ride_through"
