"""The five pages of the load test, rendered in process: time, CPU and queries per request.

    .venv/bin/python benchmarks/page_profile.py                      # SQLite, about a minute
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python \
        benchmarks/page_profile.py
    .venv/bin/python benchmarks/page_profile.py --profile problem_list   # where one page's CPU goes

Builds a fresh database as benchmarks/load.py does (a SQLite file in a temporary directory, or
<name>_load next to DATABASE_URL's PostgreSQL database, dropped at the end), with migrate and
load_demo --force, on the production settings (DEBUG off: the cached template loader, the
production middleware). Then, in this process with django.test.Client, it requests each page
--runs times after a warm-up and prints the medians of the wall time and of this process's CPU
time (the server's share of a request: PostgreSQL's own work is outside it) with its least
value (the least disturbed run), the queries per request, and each as a multiple of the login
page's (the floor: Django's whole request cycle and a template, no database) measured in the
same run, since this 2-core machine is shared.

--profile PAGE runs cProfile over that page's requests and prints the functions that cost most;
--queries PAGE prints the SQL of one request of it.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import (  # noqa: E402
    PYTHON,
    ROOT,
    drop_database,
    prepare_database,
    production_env,
    run,
)

FLOOR = "login"


@dataclass
class Measured:
    wall: float
    cpu: float
    cpu_least: float  # the least disturbed run: on a shared machine, steadier than the median
    queries: int
    size: int


def pages(username: str) -> dict[str, str]:
    """The five pages of the load test's walk (and the floor), as `username` opens them."""
    from accounts.models import User
    from healthreport.lib import clock
    from rectification.models import Problem
    from reports.forms import default_year
    from units.models import Region, RegionLevel

    user = User.objects.get(username=username)
    problem = Problem.objects.visible_to(user).order_by("pk").first()
    region = Region.objects.visible_to(user).filter(level__lte=RegionLevel.COUNTY).first()
    assert problem is not None and region is not None, "示例数据缺少问题或区划"
    year = default_year(clock.today())  # the document /reports/ offers first, as in load.py
    return {
        FLOOR: "/accounts/login/",
        "home": "/",
        "problem_list": "/rectification/",
        "problem_detail": f"/rectification/{problem.pk}/",
        "scorecard": "/indicators/",
        "preview": f"/reports/?kind=summary&year={year}&region={region.pk}",
    }


def measure(client, path: str, runs: int) -> Measured:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # the warm-up: imports, the template cache, connections
    assert response.status_code == 200, f"{path}: {response.status_code}"
    walls, cpus, counts = [], [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            cpus.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - wall)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        counts.append(len(queries))
    return Measured(
        statistics.median(walls),
        statistics.median(cpus),
        min(cpus),
        # The median: once a minute a request also writes the session's last activity
        # (accounts.sessions.touch), which is not the page's.
        int(statistics.median_low(counts)),
        len(response.content),
    )


def clients(username: str):
    from django.test import Client

    from accounts.models import User

    headers = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "127.0.0.1"}
    anonymous = Client(**headers)
    signed_in = Client(**headers)
    signed_in.force_login(User.objects.get(username=username))
    return anonymous, signed_in


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="每页请求次数（取中位数）")
    parser.add_argument("--user", default="staff", help="以哪位示例用户打开页面")
    parser.add_argument("--profile", metavar="PAGE", help="对该页做 cProfile，列出耗时最多的函数")
    parser.add_argument("--queries", metavar="PAGE", help="列出该页一次请求的 SQL")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="healthreport-pages-"))
    database_url, given = prepare_database(workdir)
    env = production_env(workdir, database_url)
    os.environ.update(env)
    try:
        run([PYTHON, "manage.py", "migrate", "-v0"], {**os.environ})
        run([PYTHON, "manage.py", "load_demo", "--force"], {**os.environ})
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], {**os.environ})
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connection

        if given:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would after the load
        paths = pages(args.user)
        anonymous, signed_in = clients(args.user)
        for name in (args.profile, args.queries):
            if name is not None and name not in paths:
                parser.error(f"没有页面 {name}；可选：{', '.join(paths)}")

        if args.queries:
            from django.test.utils import CaptureQueriesContext

            client = anonymous if args.queries == FLOOR else signed_in
            client.get(paths[args.queries])
            with CaptureQueriesContext(connection) as captured:
                client.get(paths[args.queries])
            for n, query in enumerate(captured.captured_queries, 1):
                sql = re.sub(r"\s+", " ", query["sql"])
                print(f"{n:>3} {query['time']}s  {sql[:400]}")
            return
        if args.profile:
            client = anonymous if args.profile == FLOOR else signed_in
            client.get(paths[args.profile])
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.runs):
                client.get(paths[args.profile])
            profiler.disable()
            stats = pstats.Stats(profiler).strip_dirs()
            print(f"{paths[args.profile]} × {args.runs}，按自身耗时：")
            stats.sort_stats("tottime").print_stats(args.top)
            print("按累计耗时：")
            stats.sort_stats("cumulative").print_stats(args.top)
            return

        vendor = "PostgreSQL" if given else "SQLite"
        print(
            f"数据库：{vendor}（load_demo 示例市）；生产设置（DEBUG 关）；用户 {args.user}；"
            f"每页 {args.runs} 次，中位数；CPU 为本进程（不含数据库服务器）"
        )
        results = {
            name: measure(anonymous if name == FLOOR else signed_in, path, args.runs)
            for name, path in paths.items()
        }
        floor = results[FLOOR]
        print(
            f"{'页面':<16}{'用时 ms':>8}{'CPU ms':>8}{'最少 CPU':>9}{'查询':>5}{'HTML KB':>8}"
            f"{'用时/登录页':>11}{'CPU/登录页':>10}{'最少 CPU/登录页':>12}"
        )
        for name, m in results.items():
            print(
                f"{name:<18}{m.wall * 1000:>8.1f}{m.cpu * 1000:>8.1f}{m.cpu_least * 1000:>10.1f}"
                f"{m.queries:>5}{m.size / 1024:>8.0f}{m.wall / floor.wall:>13.1f}"
                f"{m.cpu / floor.cpu:>12.1f}{m.cpu_least / floor.cpu_least:>15.1f}"
            )
    finally:
        if given:
            from django.db import connections

            connections.close_all()
            drop_database(database_url, given)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
