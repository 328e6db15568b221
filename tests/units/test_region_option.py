"""--region means the same in every command: name, "县区/乡镇", id, or the single top region."""

import pytest
from django.core.management import CommandError, call_command

from units.models import Region, RegionLevel

COMMANDS = [
    ("export_ledger", "--year", "2025"),
    ("export_indicators", "--year", "2025"),
    ("build_report", "--kind", "summary", "--year", "2025"),
    ("issue_report", "--kind", "summary", "--year", "2025"),
]


def run(tmp_path, command, *region):
    out = () if command[0] == "issue_report" else ("--out", str(tmp_path / "out"))
    call_command(*command, *region, *out)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_unknown_region_is_refused(tmp_path, city, command):
    with pytest.raises(CommandError, match="找不到区划“火星”"):
        run(tmp_path, command, "--region", "火星")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_ambiguous_name_asks_for_the_path(tmp_path, township_a, county_b, command):
    Region.objects.create(name="城关镇", level=RegionLevel.TOWNSHIP, parent=county_b)
    with pytest.raises(CommandError, match="不唯一"):
        run(tmp_path, command, "--region", "城关镇")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_without_region_several_tops_are_refused(tmp_path, city, command):
    Region.objects.create(name="另一市", level=RegionLevel.CITY)
    with pytest.raises(CommandError, match="多个最上级区划"):
        run(tmp_path, command)


@pytest.mark.parametrize("region", ["青山县/城关镇", "城关镇", "{pk}"])
def test_a_township_by_path_name_or_id(tmp_path, township_a, county_b, region, capsys):
    call_command(
        "export_indicators",
        *("--year", "2025", "--region", region.format(pk=township_a.pk)),
        *("--out", str(tmp_path / "out.xlsx")),
    )
    assert "已导出城关镇2025年指标" in capsys.readouterr().out


def test_without_region_the_ledger_is_the_citys(tmp_path, county_a, capsys):
    call_command("export_ledger", "--year", "2025", "--out", str(tmp_path / "out.xlsx"))
    assert "已导出" in capsys.readouterr().out
