import datetime
import time

from django.core.management.base import BaseCommand

from healthreport.lib import clock
from indicators.results import warm_region_figures
from rectification.dashboard import OVERDUE_UNITS_LISTED
from rectification.metrics import warm_overdue_ranking, warm_year_figures
from units.stats import warm_unit_figures


class Command(BaseCommand):
    help = (
        "预先计算并缓存整改年度数据、指标汇总、逾期排名和机构统计（全域及每个县区分支），"
        "使当天第一位读者不必等待全省汇总；"
        "在每天零点后（计算日期变更）和每次部署后运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            help="年度（可重复；默认今年，1月份另加上年，供年度总结使用）",
        )
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="按哪一天计算（默认今天）"
        )

    def handle(self, *args, year=None, date=None, **options):
        today = date or clock.today()
        years = year or ([today.year - 1, today.year] if today.month == 1 else [today.year])
        # The staff's home: the units with the most overdue problems, every year's, as of today.
        warm_overdue_ranking(today, OVERDUE_UNITS_LISTED)
        # The institutions by kind of every branch (they do not change at midnight; after a
        # deployment every version has moved on).
        warm_unit_figures()
        for each in years:
            start = time.perf_counter()
            branches = warm_year_figures(each, today)
            warm_region_figures(each)
            took = time.perf_counter() - start
            self.stdout.write(f"{each}年：{branches} 个分支，用时 {took:.1f} 秒（按 {today} 计算）")
