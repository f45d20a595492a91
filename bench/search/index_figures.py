#!/usr/bin/env python3
"""The search index's own figures for one portal build: its time, its bytes and files, and those
bytes against the Markdown's.

    index_figures.py --output OUT --content DIR/portal/content [--timings LOG]

OUT is what `portal build --output` wrote; LOG, when given, is the stderr of that build run with
PORTAL_TIMINGS=1 (its `SearchStep <seconds> s …` line and, when the index was built, its
`SearchStep.deferred <seconds> s …` line are the index's time: documents, analysis, writing). Prints one line, and with --json one JSON object, for bench/run to put beside the totals:

    search index: 1.52 s, 111.7 MB in 26,389 files (164.1 MB of disk blocks), 2.20x the Markdown (50.8 MB)

Only the current index folder is counted (the one /search/current.json names), not the copy of
the live version's folder that a rebuild carries over for pages opened before it.
Also importable: `figures(output, content, timings_text)` returns the same as a dict.
"""
import argparse
import json
import os
import sys
from pathlib import Path

# The timing lines and folder sizes are read as bench/run reads them.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from search_figures import folder_sizes, markdown_bytes, search_figures  # noqa: E402


def index_folder(output):
    """The folder /search/current.json names ({"index": "/search/index/<version>/"})."""
    with open(os.path.join(output, "search", "current.json"), encoding="utf-8") as current:
        return os.path.join(output, json.load(current)["index"].strip("/"))


def figures(output, content, timings_text=None):
    index = index_folder(output)
    total, files, blocks = folder_sizes(index)
    markdown = markdown_bytes(content)
    parts = {}
    for part in ("p", "d", "f"):
        size, count, _ = folder_sizes(os.path.join(index, part))
        parts[part] = {"bytes": size, "files": count}
    # The search step's line and its deferred part's (the index), added up.
    search = search_figures(timings_text or "")
    return {"seconds": search[0] if search else None, "bytes": total, "files": files, "block_bytes": blocks,
            "markdown_bytes": markdown, "ratio": total / markdown if markdown else None, "parts": parts}


def describe(result):
    time = f"{result['seconds']:.2f} s, " if result["seconds"] is not None else ""
    ratio = f", {result['ratio']:.2f}x the Markdown ({result['markdown_bytes'] / 1e6:.1f} MB)" if result["ratio"] else ""
    return (f"search index: {time}{result['bytes'] / 1e6:.1f} MB in {result['files']:,} files "
            f"({result['block_bytes'] / 1e6:.1f} MB of disk blocks){ratio}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", required=True, help="the folder portal build wrote")
    parser.add_argument("--content", required=True, help="the site's content/ folder (its .md files)")
    parser.add_argument("--timings", help="stderr of the build run with PORTAL_TIMINGS=1")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    timings = open(args.timings, encoding="utf-8").read() if args.timings else None
    result = figures(args.output, args.content, timings)
    print(json.dumps(result) if args.json else describe(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
