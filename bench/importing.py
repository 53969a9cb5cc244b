"""How fast scanned issues are cleaned and drafted (no database): the real issue, and larger
synthetic issues made of copies of it with a name and the months changed (paragraphs a copy
leaves unchanged are dropped as scanner duplicates, as they should be).

    /work/venv/bin/python bench/importing.py [--copies 1 10 40] [--repeat 3]
"""

from __future__ import annotations

import argparse
import string
import time
from pathlib import Path

from governance.importing import extract, rules

CORPUS = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "importing"
    / "data"
    / "newsletter-2021-01.txt"
)


def issue(copies: int) -> str:
    text = CORPUS.read_text(encoding="utf-8")
    letters = string.ascii_letters
    return "\n\n".join(
        text.replace("谭相彦", "谭相" + letters[i % len(letters)] + str(i)).replace(
            "1月", f"{i % 12 + 1}月"
        )
        for i in range(copies)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 40])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'copies':>7}{'KB':>8}{'paragraphs':>12}{'articles':>10}{'best s':>9}{'KB/s':>8}")
    for copies in args.copies:
        text = issue(copies)
        paragraphs = rules.split_paragraphs(text)
        best = float("inf")
        drafts = 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            drafts = len(extract.draft_issue(paragraphs, extract.Directory()).drafts)
            best = min(best, time.perf_counter() - start)
        size = len(text.encode("utf-8")) / 1024
        print(
            f"{copies:>7}{size:>8.0f}{len(paragraphs):>12}{drafts:>10}{best:>9.2f}{size / best:>8.0f}"
        )


if __name__ == "__main__":
    main()
