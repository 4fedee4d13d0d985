#!/usr/bin/env python3
"""A zip laid out like the public OSV dumps (`<Ecosystem>/all.zip`: one <ID>.json per
record) with as many records as the whole of OSV (default 200,000; the real all-ecosystems
total is ~200k+), to measure the osv importer and the database size at full scale. Made of
the real OSV records in the shared snapshots (Go vulndb JSON, PyPA advisory database YAML,
the GHSA sample), cycled: copy k of a record gets the id `<ID>-S<k>` and its packages the name
`<name>-s<k>`, so that every copy is a new advisory on new packages as in the real dumps.
Synthetic: the mix of sources (Go and PyPI only) is not OSV's, and record sizes are those of
these two sources; for throughput and size, not for matching results.

  python3 bench/make-osv-dump-zip.py OUT.zip [DATA_DIR] [RECORDS]
"""
import glob
import json
import os
import sys
import zipfile

import yaml

if len(sys.argv) < 2:
    sys.exit(__doc__)
target = sys.argv[1]
data = sys.argv[2] if len(sys.argv) > 2 else "/work/shared/vulndata"
wanted = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # strings stay strings ("0.10")

records = []
for path in sorted(glob.glob(os.path.join(data, "golang-vulndb/data/osv/*.json"))):
    with open(path, encoding="utf-8") as f:
        records.append(json.load(f))
for path in sorted(glob.glob(os.path.join(data, "pypi-advisory-db/vulns/*/*.yaml"))):
    with open(path, encoding="utf-8") as f:
        records.append(yaml.load(f, Loader=loader))
with open(os.path.join(data, "ghsa-sample/ghsa-npm-sample.condensed.json"), encoding="utf-8") as f:
    records += json.load(f)
records = [r for r in records if isinstance(r, dict) and "id" in r and not r.get("withdrawn")]
if not records:
    sys.exit("no OSV records under " + data)

with zipfile.ZipFile(target + ".tmp", "w", zipfile.ZIP_DEFLATED) as out:
    for n in range(wanted):
        copy = n // len(records)
        record = records[n % len(records)]
        if copy:
            record = json.loads(json.dumps(record))
            record["id"] = "%s-S%d" % (record["id"], copy)
            for affected in record.get("affected") or []:
                package = affected.get("package")
                if isinstance(package, dict) and "name" in package:
                    package["name"] = "%s-s%d" % (package["name"], copy)
        out.writestr(record["id"] + ".json", json.dumps(record))
os.replace(target + ".tmp", target)
