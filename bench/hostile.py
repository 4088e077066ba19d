#!/usr/bin/env python3
"""Writes a small portal with one hostile input, for timing how the build's cost grows.

    bench/hostile.py divs SIZE DIR       one project whose body is SIZE bytes of nested <div>s
    bench/hostile.py warnings SIZE DIR   one project whose body is SIZE bytes of vague links
                                         (`[her](https://…)`: one accessibility warning each)
    bench/hostile.py links SIZE DIR      the same size of links with good text (no warning)
    bench/hostile.py deep99 SIZE DIR     SIZE bytes of blocks of <div>s nested 99 deep, the
                                         deepest a body may nest (100 is refused)
    bench/hostile.py tags N DIR          N distinct tags, 10 to a project (--per-project K)

SIZE takes a suffix k or M (bytes: 1M = 1,000,000). DIR is emptied first if it holds a
portal this script wrote (it has `.hostile`), and refused if it holds anything else.
Python standard library only; the portal is portal.yaml of the demo plus a minimal content/.

Then time it:  /usr/bin/time -v target/release/nyttig build --root DIR --out DIR/public
"""

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FRONT = """---
title: Velkommen
---
En portal til at måle, hvad fjendtligt indhold koster.
"""


def size(text: str) -> int:
    text = text.strip()
    scale = {"k": 1_000, "K": 1_000, "M": 1_000_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in "kKmM" else text
    return int(float(number) * scale)


def project(slug: str, title: str, body: str, tags=()) -> tuple[str, str]:
    tag_line = ""
    if tags:
        tag_line = "tags:\n" + "".join(f"  - {t}\n" for t in tags)
    text = (
        "---\n"
        f"title: {title}\n"
        "summary: Et projekt til målinger.\n"
        "phase: udforsk\n"
        "area: Ældre og sundhed\n"
        "kind: everyday\n"
        "started: 2025-01-15\n"
        f"{tag_line}"
        "---\n"
        f"{body}"
    )
    return f"content/projects/{slug}.md", text


def nested_divs(n_bytes: int) -> str:
    depth = max(1, (n_bytes - 1) // len("<div></div>"))
    return "<div>" * depth + "x" + "</div>" * depth + "\n"


def repeated(n_bytes: int, paragraph: str) -> str:
    return paragraph * max(1, n_bytes // len(paragraph.encode()))


def files(kind: str, amount: int, per_project: int) -> list[tuple[str, str]]:
    out = [("content/_index.md", FRONT)]
    if kind == "divs":
        out.append(project("dybe-div", "Dybe div", nested_divs(amount)))
    elif kind == "warnings":
        out.append(project("vage-links", "Vage links", repeated(amount, "Se [her](https://example.dk/a).\n\n")))
    elif kind == "deep99":
        block = "<div>" * 99 + "x" + "</div>" * 99 + "\n\n"
        out.append(project("dybe-blokke", "Dybe blokke", repeated(amount, block)))
    elif kind == "links":
        out.append(project("gode-links", "Gode links", repeated(amount, "Se [rapporten](https://example.dk/a).\n\n")))
    elif kind == "tags":
        for start in range(0, amount, per_project):
            tags = [f"emne {i:07d}" for i in range(start, min(amount, start + per_project))]
            n = start // per_project
            out.append(project(f"projekt-{n:06d}", f"Projekt {n}", "Et projekt.\n", tags))
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["divs", "deep99", "warnings", "links", "tags"])
    ap.add_argument("amount", help="bytes (divs, deep99, warnings, links; k and M allowed) or tags")
    ap.add_argument("dir", type=Path)
    ap.add_argument("--per-project", type=int, default=10, help="tags per project (tags only)")
    args = ap.parse_args()

    out: Path = args.dir
    if out.exists() and any(out.iterdir()):
        if not (out / ".hostile").exists():
            sys.exit(f"{out} is not empty and was not written by this script; refusing to empty it")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / ".hostile").write_text(f"{args.kind} {args.amount}\n")
    shutil.copy(ROOT / "portal.yaml", out / "portal.yaml")
    total = 0
    for rel, text in files(args.kind, size(args.amount), max(1, args.per_project)):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += len(text.encode())
    print(f"{out}: {args.kind} {args.amount}, {total:,} bytes of content")


if __name__ == "__main__":
    main()
