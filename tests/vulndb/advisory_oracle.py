#!/usr/bin/env python3
"""Oracle for the advisory importers' field extraction: reads advisory files with Python's
own parsers (json, yaml.BaseLoader, tomllib) and prints, for every affected entry the
importer should store, one canonical JSON line

  [id, ecosystem, release, name, ranges, versions, open, severity,
   aliases, published, modified, cvss, advisory_severity, summary, details, references]

The C++ test prints the same lines from the database's lookups and compares the sets.
Usage: advisory_oracle.py osv|debian|alpine|rustsec|rubysec|nodejs PATH...
"""
import json
import os
import re
import sys

import yaml

# libyaml's loader when PyYAML has it (same results, ten times faster).
YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

LANGUAGE = {"Go": "golang", "PyPI": "pypi", "npm": "npm", "crates.io": "cargo", "RubyGems": "gem",
            "Maven": "maven", "NuGet": "nuget", "Packagist": "composer"}
DEBIAN = {"7": "wheezy", "8": "jessie", "9": "stretch", "10": "buster", "11": "bullseye", "12": "bookworm",
          "13": "trixie", "14": "forky"}
UBUNTU = {"14.04": "trusty", "16.04": "xenial", "18.04": "bionic", "20.04": "focal", "22.04": "jammy",
          "23.04": "lunar", "23.10": "mantic", "24.04": "noble", "24.10": "oracular", "25.04": "plucky",
          "25.10": "questing", "26.04": "resolute"}


def target(ecosystem):
    if ecosystem in LANGUAGE:
        return LANGUAGE[ecosystem], ""
    distro, _, release = ecosystem.partition(":")
    if distro == "Debian" and release in DEBIAN:
        return "deb", DEBIAN[release]
    if distro == "Ubuntu" and release.split(":")[0] in UBUNTU:
        return "deb", UBUNTU[release.split(":")[0]]
    if distro == "Alpine" and len(release) > 1 and release[0] == "v":
        return "apk", release
    return None


def normalized(ecosystem, name):
    if ecosystem == "pypi":
        return re.sub(r"[-_.]+", "-", name).lower()
    if ecosystem in ("nuget", "composer", "npm"):
        return name.lower()
    return name


def text(value):
    # BaseLoader keeps plain `null` as the string "null"; the importer reads it as absent.
    if not isinstance(value, str) or value in ("null", "~", "Null", "NULL"):
        return ""
    return value


def strings(values):
    return [v for v in (values or []) if isinstance(v, str)]


def pep440_version():
    """packaging's Version (Debian's python3-packaging, else the copy pip carries)."""
    try:
        from packaging.version import InvalidVersion, Version
    except ImportError:
        from pip._vendor.packaging.version import InvalidVersion, Version

    def parse(text):
        try:
            return Version(text)
        except InvalidVersion:
            return None
    return parse


def in_events(parse, events, version):
    """OSV's evaluation as its specification writes it: the events sorted by version
    ("introduced 0" first, events at one version in the record's order), applied up to the
    version. A range with an event whose version does not parse holds nothing (bulwark's rule:
    its extent is unknown)."""
    keyed = []
    for index, (kind, text) in enumerate(events):
        if kind == "introduced" and text == "0":
            keyed.append((0, None, index, kind))
        elif parse(text) is not None:
            keyed.append((1, parse(text), index, kind))
        else:
            return False
    keyed.sort(key=lambda e: (e[0], e[1] if e[1] is not None else 0, e[2]) if e[0] else (0, 0, e[2]))
    inside = False
    for zero, at, _, kind in keyed:
        c = 1 if zero == 0 else (version > at) - (version < at)
        if c < 0:
            break
        if kind == "introduced":
            inside = True
        elif kind != "last_affected" or c > 0:
            inside = False
    return inside


def outside_ranges(ecosystem, ranges, versions):
    """The listed versions the importer stores: those the ranges do not already hold (a
    version the ecosystem rejects stays)."""
    if ecosystem != "pypi":
        sys.exit("advisory_oracle.py: no %s version rules here to tell which listed versions the "
                 "ranges hold; add them for this fixture" % ecosystem)
    parse = pep440_version()
    return [v for v in versions
            if parse(v) is None or not any(in_events(parse, events, parse(v)) for _, events, _, _ in ranges)]


def osv_lines(record):
    if not isinstance(record, dict) or not text(record.get("id")) or text(record.get("withdrawn")):
        return []
    rid = record["id"]
    aliases = []
    for alias in strings(record.get("aliases")):
        if alias != rid and alias not in aliases:
            aliases.append(alias)
    cvss = []
    severity = ""
    if isinstance(record.get("severity"), list):
        cvss = [["osv", text(s.get("score"))] for s in record["severity"]
                if isinstance(s, dict) and s.get("type") in ("CVSS_V2", "CVSS_V3", "CVSS_V4")]
    else:
        severity = text(record.get("severity"))
    specific = record.get("database_specific")
    if isinstance(specific, dict) and isinstance(specific.get("severity"), str):
        severity = specific["severity"]
    refs = [r["url"] for r in record.get("references") or [] if isinstance(r, dict) and isinstance(r.get("url"), str)]
    head = [aliases, text(record.get("published")), text(record.get("modified")), cvss, severity,
            text(record.get("summary")), text(record.get("details")), refs]
    lines = []
    for affected in record.get("affected") or []:
        package = affected.get("package")
        if not isinstance(package, dict):
            continue
        where = target(text(package.get("ecosystem")))
        name = text(package.get("name"))
        if where is None or not name:
            continue
        ranges = []
        for r in affected.get("ranges") or []:
            if r.get("type") == "GIT":
                continue
            events = [[k, v] for e in r.get("events") or [] for k, v in e.items()]
            ranges.append([r["type"], events, [], []])
        versions = strings(affected.get("versions"))
        if ranges and versions:
            versions = outside_ranges(where[0], ranges, versions)
        entry_severity = ""
        for key in ("ecosystem_specific", "database_specific"):
            spec = affected.get(key)
            if isinstance(spec, dict) and not entry_severity:
                entry_severity = text(spec.get("severity"))
        if not ranges and not versions:
            continue
        lines.append([rid, where[0], where[1], normalized(where[0], name), ranges, versions, False,
                      entry_severity] + head)
    return lines


def walk(path, extensions):
    """The files under `path` in the importers' order (std::filesystem::path order: by
    path components); hidden directories are not entered."""
    if os.path.isfile(path):
        return [path]
    found = []
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(root, f) for f in files if f.endswith(extensions)]
    return sorted(found, key=lambda f: os.path.relpath(f, path).split(os.sep))


def osv_files(path):
    return walk(path, (".json", ".yaml", ".yml"))


def fixed_range(version):
    return [["ECOSYSTEM", [["introduced", "0"], ["fixed", version]], [], []]]


def debian_lines(doc):
    """The tracker JSON: resolved+"0" is not affected, resolved+V fixed in V, open and
    undetermined are open; the urgency loses its '*' marks. The first description of a
    CVE (in file order, among records that store something) is the advisory's text."""
    text_of = {}
    lines = []
    for package, cves in doc.items():
        if not isinstance(cves, dict):
            continue
        for cve, record in cves.items():
            if not isinstance(record, dict):
                continue
            releases = record.get("releases")
            entries = []
            for codename, release in (releases.items() if isinstance(releases, dict) else []):
                status = release.get("status")
                urgency = text(release.get("urgency")).rstrip("*")
                fixed = text(release.get("fixed_version"))
                if status == "resolved" and fixed and fixed != "0":
                    entries.append([codename, fixed_range(fixed), False, urgency])
                elif status in ("open", "undetermined"):
                    entries.append([codename, [], True, urgency])
            if not entries:
                continue
            details = text_of.setdefault(cve, text(record.get("description")))
            for codename, ranges, is_open, urgency in entries:
                lines.append([cve, "deb", codename, package, ranges, [], is_open, urgency,
                              [], "", "", [], "", "", details, []])
    return lines


def alpine_lines(doc):
    branch = text(doc.get("distroversion")) if isinstance(doc, dict) else ""
    lines = []
    for item in (doc.get("packages") or []) if branch else []:
        pkg = item.get("pkg") or {}
        name = text(pkg.get("name"))
        secfixes = pkg.get("secfixes")
        if not name or not isinstance(secfixes, dict):
            continue
        for version, ids in secfixes.items():
            if version == "0" or not isinstance(ids, list):
                continue
            for entry in (i for i in ids if isinstance(i, str)):
                for names in alpine_advisories(entry):
                    lines.append([names[0], "apk", branch, name, fixed_range(version), [], False, "",
                                  names[1:], "", "", [], "", "", "", []])
    return lines


def alpine_advisories(entry):
    """The advisories of a free-text secfixes entry, each [id, aliases...]. Ids: the words
    before "(" that start with a letter, hold a dash and only letters, digits, ".-_" ("CVE_"
    read "CVE-"). Each CVE is one advisory without aliases; without a CVE, the first id is the
    advisory and the rest its aliases."""
    ids = [w.replace("CVE_", "CVE-", 1) if w.startswith("CVE_") else w for w in entry.split("(")[0].split()]
    ids = [w for w in ids if re.fullmatch(r"[A-Za-z][A-Za-z0-9._-]*", w) and "-" in w]
    cves = [[w] for w in ids if w.startswith("CVE-")]
    return cves or ([ids] if ids else [])


def constraints(affected, unaffected):
    return [["CONSTRAINTS", [], affected, unaffected]]


def rustsec_lines(text):
    """Markdown with a ```toml front matter (tomllib), "# Title", description."""
    import tomllib
    m = re.match(r"```toml\n(.*?)\n```", text, re.S)
    if not m:
        return []
    front = tomllib.loads(m.group(1))
    advisory = front.get("advisory", {})
    versions = front.get("versions", {})
    if advisory.get("withdrawn") or advisory.get("informational") not in (None, "unsound"):
        return []
    rid = advisory["id"]
    aliases = []
    for alias in advisory.get("aliases", []):
        if alias != rid and alias not in aliases:
            aliases.append(alias)
    body = text[m.end():]
    summary, details = "", body
    for i, line in enumerate(body.split("\n")):
        if line.startswith("# "):
            summary = line[2:].strip()
            details = "\n".join(body.split("\n")[i + 1:])
            break
    refs = ([advisory["url"]] if advisory.get("url") else []) + advisory.get("references", [])
    cvss = [["rustsec", advisory["cvss"]]] if advisory.get("cvss") else []
    date = advisory.get("date", "")
    return [[rid, "cargo", "", advisory["package"],
             constraints([], versions.get("patched", []) + versions.get("unaffected", [])), [], False, "",
             aliases, date.isoformat() if hasattr(date, "isoformat") else date, "", cvss, "", summary,
             details.strip(), refs]]


def rating(score, version):
    if not 0 <= score <= 10:
        return ""
    if version == 2:
        return "LOW" if score < 4 else "MEDIUM" if score < 7 else "HIGH"
    return "NONE" if score == 0 else "LOW" if score < 4 else "MEDIUM" if score < 7 else "HIGH" if score < 9 else "CRITICAL"


def rubysec_lines(doc, stem):
    if not isinstance(doc, dict) or not text(doc.get("gem")):
        return []
    ids = [prefix + text(doc.get(key)) for key, prefix in (("cve", "CVE-"), ("ghsa", "GHSA-"), ("osvdb", "OSVDB-"))
           if text(doc.get(key))]
    severity = text(doc.get("criticality"))
    for key, version in (("cvss_v4", 4), ("cvss_v3", 3), ("cvss_v2", 2)):
        if severity:
            break
        try:
            severity = rating(float(text(doc.get(key))), version) if text(doc.get(key)) else ""
        except ValueError:
            pass
    refs = ([doc["url"]] if text(doc.get("url")) else []) + strings((doc.get("related") or {}).get("url"))
    return [[ids[0] if ids else stem, "gem", "", doc["gem"],
             constraints([], strings(doc.get("patched_versions")) + strings(doc.get("unaffected_versions"))),
             [], False, "", ids[1:], text(doc.get("date")), "", [], severity, text(doc.get("title")),
             text(doc.get("description")), refs]]


def nodejs_lines(doc):
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), int) or not doc.get("module_name") \
            or not doc.get("vulnerable_versions"):
        return []
    vector = text(doc.get("cvss_vector"))
    severity = ""
    if vector.startswith("CVSS:3") and isinstance(doc.get("cvss_score"), (int, float)):
        severity = rating(doc["cvss_score"], 3)
    patched = text(doc.get("patched_versions"))
    return [["NSWG-ECO-%d" % doc["id"], "npm", "", normalized("npm", doc["module_name"]),
             constraints([doc["vulnerable_versions"]], [patched] if patched else []), [], False, "",
             strings(doc.get("cves")), text(doc.get("publish_date")), text(doc.get("updated_at")),
             [["nswg", vector]] if vector else [], severity, text(doc.get("title")), text(doc.get("overview")),
             strings(doc.get("references"))]]


def special_lines(kind, path):
    """The formats whose importers pick a subdirectory of a repository root."""
    sub = {"rustsec": ["crates"], "rubysec": ["gems"], "nodejs": ["vuln/npm", "npm"]}[kind]
    root = next((os.path.join(path, s) for s in sub if os.path.isdir(os.path.join(path, s))), path)
    ext = {"rustsec": (".md",), "rubysec": (".yml", ".yaml"), "nodejs": (".json",)}[kind]
    for full in walk(root, ext):
        f = os.path.basename(full)
        if kind == "nodejs" and f == "index.json":
            continue
        with open(full, "rb") as handle:
            data = handle.read()
        try:
            if kind == "rustsec":
                yield from rustsec_lines(data.decode())
            elif kind == "rubysec":
                yield from rubysec_lines(yaml.load(data, Loader=YAML_LOADER), os.path.splitext(f)[0])
            else:
                yield from nodejs_lines(json.loads(data))
        except Exception:
            continue


def documents(path):
    for file in osv_files(path):
        with open(file, "rb") as f:
            data = f.read()
        try:
            yield json.loads(data) if file.endswith(".json") else yaml.load(data, Loader=YAML_LOADER)
        except Exception:
            continue


def lines_of(kind, path):
    if kind in ("rustsec", "rubysec", "nodejs"):
        yield from special_lines(kind, path)
        return
    for doc in documents(path):
        if kind == "osv":
            for record in doc if isinstance(doc, list) else [doc]:
                yield from osv_lines(record)
        else:
            yield from {"debian": debian_lines, "alpine": alpine_lines}[kind](doc)


def main():
    """All PATHs go into one source: records sharing an id are one advisory, whose text
    (summary, details, references) is that of the first record read; each entry keeps
    the other fields of its own record."""
    kind, paths = sys.argv[1], sys.argv[2:]
    seen = set()
    first_text = {}
    for path in paths:
        for line in lines_of(kind, path):
            line[13:16] = first_text.setdefault(line[0], line[13:16])
            out = json.dumps(line, ensure_ascii=False, separators=(",", ":"))
            if out not in seen:
                seen.add(out)
                print(out)


if __name__ == "__main__":
    main()
