#!/usr/bin/env python3
"""Writes the word lists that search splits compounds with: src/search/lexicon/{da,nb}.txt.

    pip install wordfreq==3.1.1
    python3 scripts/make-lexicon.py

The words and their frequencies come from wordfreq 3.1.1 (Robyn Speer; code Apache-2.0,
data CC BY-SA 4.0; see src/search/lexicon/README.md for its sources and the licence of the
lists made here). Only the build reads the lists: nothing of them reaches a reader's browser.

A list holds words of four letters or more, letters only, lower case, most frequent first,
in bands of a tenth of a Zipf unit (log10 of the frequency per billion words): a line
`=45` starts the words of Zipf 4.5. Danish is wordfreq's small list (down to Zipf 3.0);
Norwegian its large bokmål list down to Zipf 2.0, which serves nynorsk too (wordfreq has no
nynorsk list of its own).
"""

import math
import re
import sys
from pathlib import Path

import wordfreq

WANTED = "3.1.1"
LISTS = {"da": ("small", 3.0), "nb": ("large", 2.0)}
WORD = re.compile(r"[a-zæøåéèêóòôüöäáàí]{4,39}")


def main() -> None:
    version = getattr(wordfreq, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version("wordfreq")
    if version != WANTED:
        sys.exit(f"wordfreq {WANTED} is wanted (pip install wordfreq=={WANTED}), not {version}")
    out = Path(__file__).resolve().parent.parent / "src" / "search" / "lexicon"
    out.mkdir(parents=True, exist_ok=True)
    for lang, (wordlist, lowest) in LISTS.items():
        bands: dict[int, list[str]] = {}
        for word, freq in wordfreq.get_frequency_dict(lang, wordlist=wordlist).items():
            zipf = math.log10(freq * 1e9)
            if zipf >= lowest and WORD.fullmatch(word):
                bands.setdefault(round(zipf * 10), []).append(word)
        lines = []
        for band in sorted(bands, reverse=True):
            lines.append(f"={band}")
            lines.extend(sorted(bands[band]))
        (out / f"{lang}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{lang}: {sum(len(b) for b in bands.values())} words", file=sys.stderr)


if __name__ == "__main__":
    main()
