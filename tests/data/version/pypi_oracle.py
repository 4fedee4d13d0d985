# Answers version questions with python3-packaging: reads "compare<TAB>a<TAB>b" and
# "satisfies<TAB>version<TAB>specifiers" lines, prints one answer per line: -1/0/1 or
# true/false (SpecifierSet(s).contains(v, prereleases=True)), "invalid" when packaging refuses.
import sys

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version


def answer(kind, a, b):
    try:
        if kind == "compare":
            x, y = Version(a), Version(b)
            return str((x > y) - (x < y))
        v = Version(a)
        return "true" if SpecifierSet(b).contains(v, prereleases=True) else "false"
    except (InvalidVersion, InvalidSpecifier):
        return "invalid"


out = []
for line in sys.stdin.buffer.read().decode("utf-8").split("\n")[:-1]:
    kind, a, b = line.split("\t", 2)
    out.append(answer(kind, a, b))
sys.stdout.write("\n".join(out) + "\n")
