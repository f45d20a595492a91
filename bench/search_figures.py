"""The search index's own figures inside a portal build, for bench/run (issue 20): its time and
CPU from the build's `PORTAL_TIMINGS=1` lines, the peak memory before it started, and its bytes
on disk against the corpus's Markdown. Also the hook to the search benchmark (bench/search/bench.py,
owned with the search index), run with `bench/run --search-bench`.

Standard library only.
"""

import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

# `SearchStep 1.65 s (cpu 3.10 s, peak 495 MB)`, as `StepTimes` prints it.
STEP_LINE = re.compile(r"^(\S+) ([0-9.]+) s \(cpu ([0-9.]+) s(?:, peak ([0-9]+) MB)?\)$")
SEARCH_STEP = "SearchStep"
# The index itself, built after the other steps (`StepResult.deferred`) when it is built at all.
SEARCH_DEFERRED = "SearchStep.deferred"


def step_timings(log_text):
    """{step: (wall s, cpu s, peak MB so far or None)} from a build's stderr."""
    steps = {}
    for line in log_text.splitlines():
        match = STEP_LINE.match(line.strip())
        if match:
            name, wall, cpu, peak = match.groups()
            steps[name] = (float(wall), float(cpu), int(peak) if peak else None)
    return steps


def search_figures(log_text):
    """(search wall s, search cpu s, peak MB before the search step) or None when the build printed
    no timings for it. The step's own line and its deferred part's (the index) are added up."""
    steps = step_timings(log_text)
    if SEARCH_STEP not in steps:
        return None
    before = None
    for name, (_, _, peak) in steps.items():   # in the order printed
        if name == SEARCH_STEP:
            break
        if peak is not None:
            before = peak
    wall, cpu, _ = steps[SEARCH_STEP]
    if SEARCH_DEFERRED in steps:
        wall += steps[SEARCH_DEFERRED][0]
        cpu += steps[SEARCH_DEFERRED][1]
    return wall, cpu, before


def folder_sizes(folder):
    """(bytes, files, bytes of disk blocks) of the files below `folder`: the bytes as `du
    --apparent-size` counts them, the blocks as `du` does (a small file takes a whole block);
    zeros when it is missing."""
    total = files = blocks = 0
    for root, _, names in os.walk(folder):
        for name in names:
            try:
                status = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            total += status.st_size
            blocks += status.st_blocks * 512
            files += 1
    return total, files, blocks


def folder_bytes(folder):
    return folder_sizes(folder)[0]


def folder_blocks(folder):
    return folder_sizes(folder)[2]


def markdown_bytes(content):
    """Bytes of the corpus's Markdown (every .md below content/)."""
    return sum(path.stat().st_size for path in Path(content).rglob("*.md"))


def run_search_bench(bench_script, size, portal, scratch):
    """Runs the search benchmark at `size` items with this portal; returns its printed lines (or
    one line saying why there are none)."""
    if not Path(bench_script).is_file():
        return [f"(no {bench_script}: the search benchmark is not in this tree)"]
    result = subprocess.run([sys.executable, str(bench_script), "--items", str(size), "--portal", str(portal),
                             "--site", str(scratch / f"search-bench-{size}")],
                            capture_output=True, text=True)
    lines = result.stdout.rstrip("\n").splitlines()
    if result.returncode != 0:
        lines.append(f"(bench/search/bench.py failed, exit {result.returncode}: {result.stderr.strip()[-500:]})")
    return lines


def search_table(table, markdown):
    """The lines of bench/run's search-index table (medians of portal's runs): the step's wall and
    CPU time, the peak memory before it began (the build's whole peak is in the main table), its
    bytes against the corpus's Markdown, as file sizes and as the disk blocks they take."""
    lines = ["portal's search index (step `SearchStep` of PORTAL_TIMINGS=1; bytes: public/search/ against the corpus's Markdown):",
             f"{'items':>7}  {'search s':>8}  {'of build':>8}  {'cpu s':>6}  {'peak before MB':>14}  "
             f"{'index MB':>8}  {'Markdown MB':>11}  {'index/md':>8}  {'blocks MB':>9}  {'blocks/md':>9}"]
    for size, results in table:
        runs = [run for run in results["portal"] if run.search]
        if not runs:
            lines.append(f"{size:>7}  (no PORTAL_TIMINGS line for the search step in the logs)")
            continue
        wall = statistics.median(run.search[0] for run in runs)
        cpu = statistics.median(run.search[1] for run in runs)
        before = [run.search[2] for run in runs if run.search[2] is not None]
        index = statistics.median(run.search_bytes for run in runs) / 1e6
        blocks = statistics.median(getattr(run, "search_blocks", 0) or 0 for run in runs) / 1e6
        share = wall / max(statistics.median(run.seconds for run in results["portal"]), 0.005)
        lines.append(f"{size:>7}  {wall:8.2f}  {share:8.0%}  {cpu:6.2f}  {statistics.median(before) if before else 0:14.0f}  "
                     f"{index:8.1f}  {markdown[size] / 1e6:11.1f}  {index / max(markdown[size] / 1e6, 1e-9):8.2f}  "
                     f"{blocks:9.1f}  {blocks / max(markdown[size] / 1e6, 1e-9):9.2f}")
    return lines
