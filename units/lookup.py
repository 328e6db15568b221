"""One way to name a region, for every command and every page: "县区/乡镇" path, name, or id.

    find_region("青山县")            the region of that name (it must be unique)
    find_region("青山县/城关镇")     a township by its county, as the units import writes it
    find_region("12")                by id
    find_region(None)                the single top region (the city)

Pages pass the user's `Region.objects.visible_to(user)` as `regions`, so a region outside the
scope is simply not found.
"""

from __future__ import annotations

from django.core.management.base import CommandError

from accounts.models import User
from units.models import Region, RegionQuerySet


class RegionNotFound(ValueError):
    """The text names no region, or several; the message says which, in Chinese."""


def find_region(text: str | None, regions: RegionQuerySet | None = None) -> Region:
    regions = Region.objects.all() if regions is None else regions
    text = (text or "").strip()
    if not text:
        return top_region(regions)
    if text.isdigit():
        found = list(regions.filter(pk=int(text)))
    else:
        *parents, leaf = [part.strip() for part in text.split("/")]
        lookup = {"name": leaf}
        # "青山县/城关镇": each name to the left is one level further up.
        for depth, parent in enumerate(reversed(parents), start=1):
            lookup["__".join(["parent"] * depth + ["name"])] = parent
        found = list(regions.filter(**lookup)[:2])
    if not found:
        raise RegionNotFound(f"找不到区划“{text}”。")
    if len(found) > 1:
        raise RegionNotFound(
            f"区划名称“{text}”不唯一，请写成“县区/乡镇”的形式，或改用区划编号（id）。"
        )
    return found[0]


def top_region(regions: RegionQuerySet | None = None) -> Region:
    """The one region with no parent among `regions`; an error when there are none or several."""
    regions = Region.objects.all() if regions is None else regions
    tops = list(regions.filter(parent__isnull=True)[:2])
    if len(tops) != 1:
        raise RegionNotFound(
            "还没有区划，请先在“行政区划”中建立。"
            if not tops
            else "有多个最上级区划，请指定区划（名称、“县区/乡镇”或编号）。"
        )
    return tops[0]


def home_region(user: User) -> Region | None:
    """The user's own region, else the single top region they see; None when there is none
    (home panels then show nothing)."""
    if user.region is not None:
        return user.region
    try:
        return top_region(Region.objects.visible_to(user))
    except RegionNotFound:
        return None


REGION_HELP = "区划：名称、“县区/乡镇”或编号（id）；不填为唯一的最上级区划（全市）"


def add_region_argument(parser) -> None:
    """The --region option, the same in every command."""
    parser.add_argument("--region", help=REGION_HELP)


def region_for_command(text: str | None) -> Region:
    """find_region for a management command: a CommandError carries the message."""
    try:
        return find_region(text)
    except RegionNotFound as error:
        raise CommandError(str(error)) from None


def export_filename(
    what: str, user: User | None, *, year: int | None, region: Region | None = None
) -> str:
    """'2025年宝应县整改台账.xlsx': an export named by its year and place, so that the files
    of several years and counties can sit in one folder. The place is the region chosen, else
    the person's own unit or region; `year` None is a list of every year."""
    if region is not None:
        place = region.name
    elif user is not None and user.is_unit_person and user.unit_id:
        place = user.unit.name
    elif user is not None and user.region_id:
        place = user.region.name
    else:
        place = "全部"
    return f"{f'{year}年' if year else '全部年度'}{place}{what}.xlsx"
