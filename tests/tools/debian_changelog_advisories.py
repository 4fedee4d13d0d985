#!/usr/bin/env python3
"""Derive Debian-security-tracker-shaped advisories from Debian's own changelogs.

The full tracker JSON (security-tracker.debian.org/tracker/data/json) cannot be fetched
where bulwark's tests run, so this builds the same shape from what Debian ships:
  * for every source package installed in ROOTFS, the CVE ids its installed changelog names
    (entries at or below the installed version: already fixed there), and
  * for packages with a newer version in bookworm-security (read from apt's lists), the CVE ids
    named by the changelog of that newer .deb (downloaded with `apt-get download`) in entries
    above the installed version: fixed in that version, so the installed one is vulnerable.
Each (source package, CVE) gets releases.bookworm = {status: resolved, fixed_version: the
version whose changelog entry names it, urgency: "not yet assigned"} - the tracker's own
meaning of "resolved".

Usage: debian_changelog_advisories.py ROOTFS OUT.json [WORKDIR]
"""
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

HEADER = re.compile(r"^(\S+) \(([^)]+)\) [^;]*;", re.M)
CVE = re.compile(r"CVE-\d{4}-\d{4,}")


def changelog_entries(text):
    """[(version, set of CVE ids)] in file order (newest first)."""
    heads = list(HEADER.finditer(text))
    entries = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        entries.append((h.group(2), set(CVE.findall(text[h.end():end]))))
    return entries


def dpkg_gt(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "gt", b]).returncode == 0


def read_changelog(root, package):
    for name in ("changelog.Debian.gz", "changelog.gz"):
        path = os.path.join(root, "usr/share/doc", package, name)
        if os.path.isfile(path) and not os.path.islink(path):
            with gzip.open(path, "rt", errors="replace") as f:
                return f.read()
    return None


def security_versions():
    lists = "/var/lib/apt/lists"
    out = {}
    for name in os.listdir(lists):
        if "security" not in name or "_Packages" not in name:
            continue
        text = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", os.path.join(lists, name)],
                              capture_output=True, text=True, check=True).stdout
        for stanza in text.split("\n\n"):
            fields = dict(re.findall(r"^(\S+): (.*)$", stanza, re.M))
            if "Package" in fields:
                out[fields["Package"]] = fields["Version"]
    return out


def main():
    root, out_path = sys.argv[1], sys.argv[2]
    work = sys.argv[3] if len(sys.argv) > 3 else tempfile.mkdtemp()
    query = subprocess.run(["dpkg-query", "--admindir=" + os.path.join(root, "var/lib/dpkg"), "-W", "-f",
                            "${Package}\t${Version}\t${source:Package}\t${source:Version}\n"],
                           capture_output=True, text=True, check=True).stdout
    tracker = {}
    security = security_versions()

    def add(source, cve, fixed):
        entry = tracker.setdefault(source, {}).setdefault(cve, {"releases": {}})
        current = entry["releases"].get("bookworm")
        # The earliest version that names the CVE is the fix.
        if current is None or dpkg_gt(current["fixed_version"], fixed):
            entry["releases"]["bookworm"] = {"status": "resolved", "fixed_version": fixed,
                                             "urgency": "not yet assigned", "repositories": {"bookworm": fixed}}

    for line in sorted(set(query.splitlines())):
        package, version, source, source_version = line.split("\t")
        text = read_changelog(root, package)
        if text:
            for entry_version, cves in changelog_entries(text):
                if not dpkg_gt(entry_version, source_version):
                    for cve in cves:
                        add(source, cve, entry_version)
        newer = security.get(package)
        if newer and dpkg_gt(newer, version):
            subprocess.run(["apt-get", "download", "-q", package + "=" + newer], cwd=work, check=True,
                           stdout=subprocess.DEVNULL)
            deb = [f for f in os.listdir(work) if f.startswith(package + "_") and f.endswith(".deb")][0]
            unpacked = os.path.join(work, package + ".x")
            subprocess.run(["dpkg-deb", "-x", os.path.join(work, deb), unpacked], check=True)
            newer_text = read_changelog(unpacked, package)
            for entry_version, cves in changelog_entries(newer_text or ""):
                if dpkg_gt(entry_version, source_version):
                    for cve in cves:
                        add(source, cve, entry_version)
    with open(out_path, "w") as f:
        json.dump(tracker, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
