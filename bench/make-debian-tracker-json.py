#!/usr/bin/env python3
"""A Debian-tracker-shaped JSON document of about the real one's size (~60 MB), to measure
the debian importer: the (source package, CVE, release, fixed version) tuples of the real
DSA/DLA lists (debian-security-tracker-2023 snapshot), each CVE given the tracker's five
release entries (a fix, open, undetermined and "0" statuses mixed as the real file mixes
them) and a description of typical length; repeated with fresh CVE numbers until the size
is reached. Synthetic: for throughput and size, not for matching results.

  python3 bench/make-debian-tracker-json.py [DATA_DIR] [MEGABYTES] > /tmp/debian-tracker.json
"""
import json
import os
import random
import re
import sys

data = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/vulndata"
megabytes = int(sys.argv[2]) if len(sys.argv) > 2 else 60
lists = os.path.join(data, "debian-security-tracker-2023", "data")
fixes = []
for name in ("DSA/list", "DLA/list"):
    cves = []
    for line in open(os.path.join(lists, name), encoding="utf-8"):
        if line.startswith("\t{"):
            cves = re.findall(r"CVE-\d+-\d+", line)
        else:
            m = re.match(r"\t\[(\w+)\] - (\S+) (\S+)", line)
            if m:
                fixes += [(m.group(2), cve, m.group(1), m.group(3)) for cve in cves]
random.seed(1)
words = "allows remote attackers to cause a denial of service or possibly execute arbitrary code via a crafted file " \
        "heap-based buffer overflow in the parser when processing untrusted input in versions before".split()
releases = ["buster", "bullseye", "bookworm", "trixie", "sid"]
out = {}
size = 0
round_ = 0
while size < megabytes << 20:
    for package, cve, release, fixed in fixes:
        if round_:
            cve = "CVE-%d-%d" % (2000 + round_, random.randrange(10**6))
        entry = {"description": " ".join(random.choice(words) for _ in range(40)), "scope": "remote",
                 "releases": {}}
        for r in releases:
            status = random.choice(["resolved", "resolved", "resolved", "open", "undetermined"])
            item = {"status": status, "repositories": {r: fixed}, "urgency": random.choice(
                ["low", "medium", "high**", "unimportant", "not yet assigned"])}
            if status == "resolved":
                item["fixed_version"] = fixed if r == release or random.random() < 0.7 else "0"
            entry["releases"][r] = item
        out.setdefault(package, {})[cve] = entry
        size += len(json.dumps(entry)) + len(cve) + 4  # as serialised, with its key
    round_ += 1
json.dump(out, sys.stdout)
