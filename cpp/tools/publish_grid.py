"""Runs the full 2^32 sweep of the parameter-grid settings that docs/ACCURACY.md
does not yet show at full coverage, one setting at a time, and writes each
finished row into the document in place (with the count of finished settings).

The document is the run's state, so the run resumes wherever it stopped, in
any later checkout:  python3 cpp/tools/publish_grid.py [--minutes M] [--threads T]
Needs build/sweep/actlab_accuracy (./build.sh accuracy-grid builds it)."""
import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "ACCURACY.md"
TOOL = ROOT / "build" / "sweep" / "actlab_accuracy"
FULL = "4294967477"  # 2^32 bit patterns plus the special values
COUNT_LINE = re.compile(r"^On \d{4}-\d{2}-\d{2}, (\d+) of the (\d+) settings had finished their full run\.$", re.M)


def grid_tables(text):
    """[(kernel id, [row lines])] for every '#### id (bound ...)' table of the grid section."""
    section = text.split("## Every parametric kernel at every setting of its grid", 1)[1].split("\n## ", 1)[0]
    tables = []
    for block in section.split("\n#### ")[1:]:
        kernel = block.split(" ", 1)[0]
        rows = [line for line in block.splitlines() if line.startswith("| ") and not line.startswith("| parameters")]
        tables.append((kernel, rows))
    return tables


def pending(text):
    """(kernel, setting index, row line) of every row whose inputs column is not the full count."""
    out = []
    for kernel, rows in grid_tables(text):
        for k, row in enumerate(rows):
            if row.split("|")[4].strip() != FULL:
                out.append((kernel, k, row))
    return out


def sweep_row(kernel, k, threads):
    """The tool's table row for setting k of kernel at stride 1."""
    run = subprocess.run([str(TOOL), "--grid", "--stride", "1", "--threads", str(threads), "--only", kernel,
                          "--setting", str(k)], capture_output=True, text=True)
    rows = [line for line in run.stdout.splitlines() if line.startswith("| ") and not line.startswith("| parameters")]
    if len(rows) != 1:
        sys.exit(f"publish_grid: {kernel} setting {k}: expected one row, got:\n{run.stdout}{run.stderr}")
    return rows[0], run.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=float("inf"), help="start no new setting after this long")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", default="", help="comma-separated kernel ids, in the order to run them")
    args = parser.parse_args()
    if not TOOL.exists():
        sys.exit(f"publish_grid: {TOOL} is missing: run ./build.sh accuracy-grid (or build_sweep) first")
    start = time.monotonic()
    todo = pending(DOC.read_text())
    if args.only:
        order = args.only.split(",")
        todo = sorted((t for t in todo if t[0] in order), key=lambda t: order.index(t[0]))
    for kernel, k, old in todo:
        if (time.monotonic() - start) / 60 >= args.minutes:
            break
        t0 = time.monotonic()
        new, code = sweep_row(kernel, k, args.threads)
        if new.split("|")[1] != old.split("|")[1]:
            sys.exit(f"publish_grid: {kernel} setting {k} is '{new.split('|')[1].strip()}' in the tool but "
                     f"'{old.split('|')[1].strip()}' in the document: the grid changed, re-run the strided sweep")
        text = DOC.read_text().replace(old, new, 1)
        done = sum(1 for _, rows in grid_tables(text) for r in rows if r.split("|")[4].strip() == FULL)
        total = sum(len(rows) for _, rows in grid_tables(text))
        text = COUNT_LINE.sub(f"On {time.strftime('%Y-%m-%d')}, {done} of the {total} settings had finished "
                              "their full run.", text)
        DOC.write_text(text)
        print(f"{kernel} setting {k}: {new}  ({(time.monotonic() - t0) / 60:.1f} min; {done}/{total} full)", flush=True)
        if code != 0 or "**no**" in new:
            sys.exit(f"publish_grid: {kernel} setting {k} misses its bound")


if __name__ == "__main__":
    main()
