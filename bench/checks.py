"""What bench/run checks of every output: one page per published item (none for drafts), every
category index page, the home page; and byte-identity of two output trees. Standard library only.
"""

import filecmp
import json
import os
from pathlib import Path


def check_output(root, manifest, tool):
    """One page per published item (none for drafts), every category index page, the home page.
    Returns a list of problems (empty when all is well)."""
    root = Path(os.path.realpath(root))  # portal's output is a link to its current version
    problems = []
    page_size = manifest["page_size"]
    if not (root / "index.html").is_file():
        problems.append("no home page /index.html")
    for url in manifest["published_urls"]:
        if not (root / url.strip("/") / "index.html").is_file():
            problems.append(f"missing item page {url}")
    for url in manifest["draft_urls"]:
        if (root / url.strip("/")).exists():
            problems.append(f"draft published: {url}")
    expected_items = set(url.strip("/") for url in manifest["published_urls"])
    for category, count in manifest["categories"].items():
        folder = root / category
        pages = max(1, -(-count // page_size))
        if not (folder / "index.html").is_file():
            problems.append(f"missing category index /{category}/")
        for number in range(2, pages + 1):
            if not (folder / "page" / str(number) / "index.html").is_file():
                problems.append(f"missing category index page /{category}/page/{number}/")
        if (folder / "page" / str(pages + 1)).exists():
            problems.append(f"/{category}/page/{pages + 1}/ exists, but {count} items make {pages} pages")
        found = 0
        if folder.is_dir():
            for entry in os.scandir(folder):
                if entry.is_dir() and entry.name != "page" and os.path.isfile(os.path.join(entry.path, "index.html")):
                    found += 1
                    if f"{category}/{entry.name}" not in expected_items:
                        problems.append(f"unexpected page /{category}/{entry.name}/")
        if found != count:
            problems.append(f"/{category}/ has {found} item pages, expected {count}")
    if len(problems) > 12:
        problems = problems[:12] + [f"… and {len(problems) - 12} more"]
    return [f"{tool}: {problem}" for problem in problems]


def current_search_folder(root):
    """The index folder `search/current.json` names (`search/index/<version>`), or None."""
    try:
        return json.loads((root / "search" / "current.json").read_text())["index"].strip("/")
    except (OSError, ValueError, KeyError, AttributeError):
        return None


def tree_differences(left, right):
    """Paths whose bytes differ between two output trees (or that exist in only one). A rebuild
    also holds the live version's search index folder, carried for the pages open during the swap
    (see SearchStep): only the folder `search/current.json` names is compared, as the tests'
    TreeSnapshot does."""
    left, right = Path(os.path.realpath(left)), Path(os.path.realpath(right))

    def files(root):
        current = current_search_folder(root)
        result = set()
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.relpath(os.path.join(folder, name), root)
                parts = path.split(os.sep)
                if current and parts[:2] == ["search", "index"] and "/".join(parts[:3]) != current:
                    continue
                result.add(path)
        return result

    a, b = files(left), files(right)
    differences = sorted(a ^ b)
    for path in sorted(a & b):
        if not filecmp.cmp(left / path, right / path, shallow=False):
            differences.append(path)
    return differences
