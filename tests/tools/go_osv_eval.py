#!/usr/bin/env python3
"""Which Go vulndb OSV records affect which module versions, independently of bulwark.

  go_osv_eval.py match OSV_DIR < MODULES    MODULES: "label<TAB>module<TAB>version" lines;
      prints "label<TAB>module<TAB>version<TAB>id<TAB>fixed" for every record (withdrawn ones
      left out) whose SEMVER ranges hold the version; a Go release is printed as its semver
      with a "v" ("go1.19.8" -> "v1.19.8"), as bulwark shows the stdlib package.
  go_osv_eval.py boundaries OSV_DIR         prints "module<TAB>version" for every version a
      range event names (with its "v") and the next patch release above it.

Versions are Go module versions ("v1.2.3", "v2.0.0+incompatible", "v0.0.0-2023...-abcdef");
the pseudo-module "stdlib" takes a Go release ("go1.21rc2") or its semver ("v1.21.0-rc.2").
Order: Semantic Versioning 2.0 precedence, written out here. Affected: an interval opened by
an "introduced" event and closed by the next event, "fixed" (exclusive) - the only closing
event the Go vulndb uses; anything else stops the script. The fixed version reported is
govulncheck's (golang.org/x/vuln, earliestValidFix): the lowest "fixed" above the version, of
any range of the record's entries for that module, that those entries do not mark affected
themselves; "" when there is none.
"""
import json
import os
import re
import sys


def semver_key(version):
    core, _, pre = version.removeprefix("v").split("+")[0].partition("-")
    major, minor, patch = (int(x) for x in core.split("."))
    if not pre:
        return (major, minor, patch, (1,))
    idents = [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")]
    return (major, minor, patch, (0, idents))


def go_to_semver(go):
    m = re.fullmatch(r"go(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?", go.split(" ")[0])
    version = "%s.%s.%s" % (m[1], m[2], m[3] or "0")
    return version + ("-%s.%s" % (m[4], m[5]) if m[4] else "")


def load(src):
    by_module = {}
    for name in sorted(os.listdir(src)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(src, name), encoding="utf-8") as f:
            record = json.load(f)
        if record.get("withdrawn"):
            continue
        for affected in record.get("affected", []):
            for r in affected.get("ranges", []):
                if r["type"] != "SEMVER":
                    sys.exit("%s: range type %s" % (record["id"], r["type"]))
                for event in r["events"]:
                    if set(event) - {"introduced", "fixed"}:
                        sys.exit("%s: event %s" % (record["id"], event))
            by_module.setdefault(affected["package"]["name"], {}).setdefault(record["id"], []).append(affected)
    return by_module


def intervals(entries):
    for affected in entries:
        for r in affected.get("ranges", []):
            events = r["events"]
            for i, event in enumerate(events):
                if "introduced" in event:
                    low = (0, 0, 0, (0, [])) if event["introduced"] == "0" else semver_key(event["introduced"])
                    after = events[i + 1] if i + 1 < len(events) else {}
                    if "introduced" in after:
                        sys.exit("two introduced events in a row: %s" % r)
                    yield low, after.get("fixed")


def affected_by(entries, key):
    return any(low <= key and (fixed is None or key < semver_key(fixed)) for low, fixed in intervals(entries))


def match(src):
    by_module = load(src)
    for line in sys.stdin.read().splitlines():
        label, module, version = line.split("\t")
        if version.startswith("go"):
            version = "v" + go_to_semver(version)
        key = semver_key(version)
        for record_id, entries in sorted(by_module.get(module, {}).items()):
            if not affected_by(entries, key):
                continue
            fixes = sorted({fixed for _, fixed in intervals(entries) if fixed and semver_key(fixed) > key}, key=semver_key)
            fix = next((f for f in fixes if not affected_by(entries, semver_key(f))), "")
            print("\t".join((label, module, version, record_id, fix)))


def boundaries(src):
    for module, records in sorted(load(src).items()):
        versions = set()
        for entries in records.values():
            for affected in entries:
                for r in affected.get("ranges", []):
                    for event in r["events"]:
                        versions.update(v for v in event.values() if v != "0")
        for v in sorted(versions):
            major, minor, patch = v.split("+")[0].split("-")[0].split(".")
            for shown in (v, "%s.%s.%d" % (major, minor, int(patch) + 1)):
                print("%s\tv%s" % (module, shown))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("match", "boundaries"):
        sys.exit(__doc__)
    (match if sys.argv[1] == "match" else boundaries)(sys.argv[2])
