#!/usr/bin/env python3
"""Lay out Go vulndb OSV records the way Debian 12's govulncheck reads a file:// database.

Debian 12 ships govulncheck 0.0~git20230201.4c848ed (golang.org/x/vuln before the v1 database
of mid-2023). Its client (golang.org/x/vuln/client, file.go: localSource) reads, under the
directory named by GOVULNDB=file:///DIR:
  index.json            {module path: last modified time}. GetByModule looks the module up
                        here first and returns nothing for a module missing from it.
  <escaped module>.json [OSV entries of that module]; the path escaped as
                        client.EscapeModulePath (= golang.org/x/mod/module.EscapePath):
                        every upper-case letter becomes "!" + its lower case. The Go
                        standard library is the pseudo-module "stdlib" (stdlib.json).
  ID/index.json         [every id]           (ListIDs)
  ID/<id>.json          one entry            (GetByID)
  aliases.json          {alias: [ids]}       (GetByAlias)
The local source caches nothing, so the modified times only have to be valid RFC 3339; each
module's is the newest "modified" of its entries (the public database's convention).
The records are today's OSV 1.3 (module-level "affected", ecosystem_specific.imports), the
shape this client already decoded; fields it does not know are ignored by encoding/json.

Usage: go_vulndb_legacy.py OSV_DIR OUT_DIR   (OSV_DIR: GO-*.json files)
"""
import json
import os
import re
import sys


def escape_module_path(path):
    return re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), path)


def main(src, out):
    entries = []
    for name in sorted(os.listdir(src)):
        if name.endswith(".json"):
            with open(os.path.join(src, name), encoding="utf-8") as f:
                entries.append(json.load(f))
    by_module = {}
    for entry in entries:
        for module in {a["package"]["name"] for a in entry.get("affected", [])}:
            by_module.setdefault(module, []).append(entry)

    os.makedirs(os.path.join(out, "ID"), exist_ok=True)

    def write(relative, value):
        path = os.path.join(out, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(value, f, indent=1, sort_keys=True)

    index = {}
    for module, module_entries in sorted(by_module.items()):
        write(escape_module_path(module) + ".json", module_entries)
        index[module] = max(e.get("modified", "0001-01-01T00:00:00Z") for e in module_entries)
    write("index.json", index)
    for entry in entries:
        write(os.path.join("ID", entry["id"] + ".json"), entry)
    write(os.path.join("ID", "index.json"), sorted(e["id"] for e in entries))
    aliases = {}
    for entry in entries:
        for alias in entry.get("aliases") or []:
            aliases.setdefault(alias, []).append(entry["id"])
    write("aliases.json", aliases)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
