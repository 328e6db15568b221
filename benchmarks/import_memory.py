"""Where an import's memory goes: the Python objects it holds against what calamine holds.

    .venv/bin/python benchmarks/import_memory.py                  # ledger, 10,000 and 100,000 rows
    .venv/bin/python benchmarks/import_memory.py --rows 10000 --kinds ledger,values

import_bench.py prints the command's peak memory (its maxrss), which adds up the interpreter
and Django, calamine's sheet (held in Rust, whole, while the rows are read: python-calamine has
no streaming reader), SQLite's page cache (settings: 64 MB) and the import's own objects. This
measures the last apart, in this process on import_bench's database: the peak of the Python
heap (tracemalloc) during `Importer.run(commit=True)`, and the heap held when its last chunk is
written, which grows with the file only by what the import keeps for every row. The calamine
sheet is measured alone, as the growth of maxrss while it is loaded.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.import_bench import (  # noqa: E402
    bench_database,
    clear,
    ledger_file,
    unit_file,
    value_file,
)


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sheet_mb(data: bytes) -> float:
    """How much maxrss grows while calamine loads the file's first sheet (an upper bound when
    earlier peaks left room below the mark)."""
    from python_calamine import CalamineWorkbook

    before = maxrss_mb()
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
        workbook.get_sheet_by_index(0)
    return maxrss_mb() - before


def heap_mb(importer_class, data: bytes) -> tuple[float, float]:
    """(peak, held at the last write) of the Python heap, in MB, while the file is imported."""
    held: list[int] = []
    write = importer_class.write

    def measured(self, plan):
        held.append(tracemalloc.get_traced_memory()[0])
        return write(self, plan)

    importer_class.write = measured
    tracemalloc.start()
    try:
        preview = importer_class(None).run(data, commit=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        importer_class.write = write
    assert preview.written, preview.errors[:3]
    return peak / 1e6, held[-1] / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default="10000,100000", help="sizes, e.g. 10000,100000")
    parser.add_argument("--kinds", default="ledger", help="ledger, values, units")
    options = parser.parse_args()
    from indicators.importers import ValueImporter
    from rectification.ledger import LedgerImporter
    from units.importer import UnitImporter

    with bench_database() as (work, (units, sources, categories)):
        for size in [int(size) for size in options.rows.split(",")]:
            for kind in options.kinds.split(","):
                path = work / f"{kind}-{size}.xlsx"
                if kind == "ledger":
                    ledger_file(path, size, units, sources, categories)
                    importer = LedgerImporter
                elif kind == "units":
                    unit_file(path, size)
                    importer = UnitImporter
                else:
                    value_file(path, size, units)
                    importer = ValueImporter
                data = path.read_bytes()
                sheet = sheet_mb(data)
                peak, held = heap_mb(importer, data)
                clear(kind)
                print(
                    f"{kind} {size:,} 行：Python 堆峰值 {peak:.1f} MB，"
                    f"最后写入时持有 {held:.1f} MB；calamine 工作表 {sheet:.0f} MB"
                )
                path.unlink()


if __name__ == "__main__":
    main()
