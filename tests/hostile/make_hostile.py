#!/usr/bin/env python3
"""Write the hostile-input corpus: one small image per case, plus OUTDIR/cases.tsv.

Usage: make_hostile.py OUTDIR

Every input carries correct digests, sizes and diff_ids except where its case says
otherwise, so each case tests exactly one defect (a refusal for the wrong reason would
otherwise pass unnoticed). Control cases (valid_*) prove that the base images are sound.

cases.tsv columns (tab-separated, "-" = empty; one header line starting with '#'):
  name      case name
  path      input path, relative to OUTDIR
  expected  refuse | contain
  code      refuse: the error code(s) stderr must show; contain: the warning kind(s)
            the JSON must list ("a|b" = any of them)
  flags     extra bulwark flags, space-separated
  names     refuse: substrings of which stderr must contain at least one ("a|b"),
            i.e. the blob digest (first 12 hex digits) or the file name at fault
  os        contain: "FAMILY/VERSION_ID" that .os must report (the image's own
            os-release, never the host's)
OUTDIR/canary-token holds the random token that every canary file name contains.

Python 3 standard library only.
"""
import gzip
import hashlib
import json
import os
import secrets
import sys
import zlib

MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_INDEX = "application/vnd.oci.image.index.v1+json"
MT_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_TAR = "application/vnd.oci.image.layer.v1.tar"
MT_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
MT_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd"

# The image's own os-release. The host is Debian, so "alpine 3.99.7" can only come from
# the image: a scanner that followed a link out of the image would report debian.
OS_RELEASE = b'NAME="Alpine Linux (bulwark test)"\nID=alpine\nVERSION_ID=3.99.7\nPRETTY_NAME="bulwark hostile test"\n'
OS_EXPECT = "alpine/3.99.7"
PASSWD = b"root:x:0:0:bulwark-image-root:/root:/bin/sh\n"

BLOCK = 512
ZERO_BLOCK = b"\0" * BLOCK
TAR_END = b"\0" * (2 * BLOCK)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- tar writing
# Hand-written ustar headers instead of tarfile: tarfile normalises or refuses exactly
# the names these cases need (.., absolute, non-UTF-8) and cannot write a bad checksum.

def _octal(value: int, width: int) -> bytes:
    return ("%0*o" % (width - 1, value)).encode() + b"\0"


def tar_header(name: bytes, size: int = 0, typeflag: bytes = b"0", linkname: bytes = b"",
               mode: int = 0o644, bad_checksum: bool = False) -> bytes:
    """One ustar header block; names over 100 bytes get a GNU long-name record first."""
    prefix = b""
    if len(name) > 100:
        long_name = name + b"\0"
        prefix = tar_header(b"././@LongLink", len(long_name), b"L") + _pad(long_name)
        name = name[:100]
    if len(linkname) > 100:
        raise ValueError("long link names are not needed by any case")
    h = bytearray(BLOCK)
    h[0:len(name)] = name
    h[100:108] = _octal(mode, 8)
    h[108:116] = _octal(0, 8)
    h[116:124] = _octal(0, 8)
    h[124:136] = _octal(size, 12)
    h[136:148] = _octal(0, 12)
    h[148:156] = b" " * 8
    h[156:157] = typeflag
    h[157:157 + len(linkname)] = linkname
    h[257:263] = b"ustar\0"
    h[263:265] = b"00"
    h[265:269] = b"root"
    h[297:301] = b"root"
    chk = sum(h)
    if bad_checksum:
        chk += 1  # off by one: the header is otherwise perfect, only the checksum lies
    h[148:156] = ("%06o" % chk).encode() + b"\0 "
    return prefix + bytes(h)


def _pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % BLOCK)


def f(name, data=b"", mode=0o644):
    return ("file", name, data, mode)


def d(name, mode=0o755):
    return ("dir", name, b"", mode)


def sym(name, target):
    return ("sym", name, target, 0o777)


def hard(name, target):
    return ("hard", name, target, 0o644)


def make_tar(entries) -> bytes:
    out = []
    for kind, name, data, mode in entries:
        name = name.encode("utf-8", "surrogateescape") if isinstance(name, str) else name
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        if kind == "file":
            out.append(tar_header(name, len(data), b"0", mode=mode))
            out.append(_pad(data))
        elif kind == "dir":
            out.append(tar_header(name.rstrip(b"/") + b"/", 0, b"5", mode=mode))
        elif kind == "sym":
            out.append(tar_header(name, 0, b"2", linkname=data, mode=mode))
        elif kind == "hard":
            out.append(tar_header(name, 0, b"1", linkname=data, mode=mode))
    out.append(TAR_END)
    return b"".join(out)


def base_entries():
    """A minimal but real-looking root: the image's own os-release and passwd."""
    return [d("etc"), f("etc/os-release", OS_RELEASE), f("etc/passwd", PASSWD),
            d("usr"), d("usr/lib"), d("tmp", 0o1777)]


# ---------------------------------------------------------------- compression

def gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def zstd_raw(data: bytes) -> bytes:
    """A valid zstd frame made of raw (stored) blocks: the stdlib has no zstd encoder,
    and a stored frame is still a frame every zstd decoder must accept."""
    out = bytearray(b"\x28\xb5\x2f\xfd")  # magic
    out += b"\x00"                          # no content size, no checksum, no dict
    out += bytes([(17 - 10) << 3])           # window 128 KiB = the largest block size
    chunk = 128 * 1024
    pieces = [data[i:i + chunk] for i in range(0, len(data), chunk)] or [b""]
    for i, p in enumerate(pieces):
        last = 1 if i == len(pieces) - 1 else 0
        out += ((len(p) << 3) | (0 << 1) | last).to_bytes(3, "little") + p
    return bytes(out)


# ---------------------------------------------------------------- OCI layout

class Layout:
    """An OCI image layout directory being written."""

    def __init__(self, root):
        self.root = root
        os.makedirs(os.path.join(root, "blobs", "sha256"), exist_ok=True)
        with open(os.path.join(root, "oci-layout"), "w") as fh:
            json.dump({"imageLayoutVersion": "1.0.0"}, fh)

    def blob_path(self, hexd):
        return os.path.join(self.root, "blobs", "sha256", hexd)

    def put(self, data: bytes, stored: bytes = None):
        """Store data under its digest; `stored` replaces the bytes on disk (digest mismatch)."""
        hexd = sha256_hex(data)
        with open(self.blob_path(hexd), "wb") as fh:
            fh.write(data if stored is None else stored)
        return {"digest": "sha256:" + hexd, "size": len(data)}

    def image(self, layers, config=None, config_bytes=None, platform=None, write_index=True,
              stored_config=None, diff_ids=None, extra_layer_descs=()):
        """layers: list of (blob, media_type, diff_id_hex) or (descriptor, media_type, diff_id_hex)
        for blobs already written. Returns the manifest descriptor."""
        descs, ids = [], []
        for blob, mt, diff_hex in layers:
            desc = blob if isinstance(blob, dict) else self.put(blob)
            descs.append(dict(mediaType=mt, **desc))
            ids.append("sha256:" + diff_hex)
        descs.extend(extra_layer_descs)
        if config_bytes is None:
            cfg = {"architecture": (platform or "linux/amd64").split("/")[1],
                   "os": (platform or "linux/amd64").split("/")[0],
                   "config": {"Cmd": ["/bin/sh"]},
                   "rootfs": {"type": "layers", "diff_ids": diff_ids if diff_ids is not None else ids},
                   "history": [{"created_by": "bulwark hostile corpus layer %d" % i}
                               for i in range(len(ids))]}
            if config:
                cfg.update(config)
            config_bytes = json.dumps(cfg, sort_keys=True).encode()
        cdesc = self.put(config_bytes, stored=stored_config)
        manifest = {"schemaVersion": 2, "mediaType": MT_MANIFEST,
                    "config": dict(mediaType=MT_CONFIG, **cdesc), "layers": descs}
        mdesc = dict(mediaType=MT_MANIFEST, **self.put(json.dumps(manifest, sort_keys=True).encode()))
        if platform:
            osn, arch = platform.split("/")
            mdesc["platform"] = {"architecture": arch, "os": osn}
        if write_index:
            self.index([dict(mdesc, annotations={"org.opencontainers.image.ref.name": "latest"})])
        return mdesc

    def index(self, manifests, raw: bytes = None):
        with open(os.path.join(self.root, "index.json"), "wb") as fh:
            fh.write(raw if raw is not None else json.dumps(
                {"schemaVersion": 2, "mediaType": MT_INDEX, "manifests": manifests}, sort_keys=True).encode())


def tar_of_dir(root: str) -> bytes:
    """An OCI layout tar: oci-layout and index.json first (as skopeo writes), then blobs."""
    entries = [f("oci-layout", open(os.path.join(root, "oci-layout"), "rb").read()),
               f("index.json", open(os.path.join(root, "index.json"), "rb").read()),
               d("blobs"), d("blobs/sha256")]
    bdir = os.path.join(root, "blobs", "sha256")
    for name in sorted(os.listdir(bdir)):
        entries.append(f("blobs/sha256/" + name, open(os.path.join(bdir, name), "rb").read()))
    return make_tar(entries)


def docker_archive(path, layer_tars, missing=()):
    """A legacy docker-archive (docker save): manifest.json + <id>/layer.tar + config."""
    ids = [sha256_hex(t) for t in layer_tars]
    cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/sh"]},
                      "rootfs": {"type": "layers", "diff_ids": ["sha256:" + i for i in ids]},
                      "history": [{"created_by": "bulwark hostile corpus"}]}, sort_keys=True).encode()
    chex = sha256_hex(cfg)
    entries = [f(chex + ".json", cfg)]
    layer_names = []
    for i, t in zip(ids, layer_tars):
        entries += [d(i), f(i + "/layer.tar", t), f(i + "/VERSION", b"1.0")]
        layer_names.append(i + "/layer.tar")
    layer_names += list(missing)
    manifest = [{"Config": chex + ".json", "RepoTags": ["bulwark-hostile/case:latest"], "Layers": layer_names}]
    entries.insert(0, f("manifest.json", json.dumps(manifest).encode()))
    with open(path, "wb") as fh:
        fh.write(make_tar(entries))


# ---------------------------------------------------------------- the bombs

BOMB_ZEROS = 1088 * 1024 * 1024  # > 1 GiB, a multiple of the 128 KiB zstd block


def bomb_tar_parts():
    return tar_header(b"zeros", BOMB_ZEROS), TAR_END


def bomb_diff_id():
    """sha256 of the bomb's uncompressed tar, computed once for both bombs."""
    head, tail = bomb_tar_parts()
    h = hashlib.sha256(head)
    mib = b"\0" * (1024 * 1024)
    for _ in range(BOMB_ZEROS // len(mib)):
        h.update(mib)
    h.update(tail)
    return h.hexdigest()


def gzip_bomb() -> bytes:
    """Deflate level 9 peaks at ~1030:1 on zeros: ~1 MiB of gzip for 1088 MiB of tar."""
    head, tail = bomb_tar_parts()
    c = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31 = gzip wrapper
    out = [c.compress(head)]
    mib = b"\0" * (1024 * 1024)
    for _ in range(BOMB_ZEROS // len(mib)):
        out.append(c.compress(mib))
    out.append(c.compress(tail))
    out.append(c.flush())
    return b"".join(out)


def zstd_bomb() -> bytes:
    """zstd RLE blocks: 4 bytes each expand to 128 KiB (32768:1), ~34 KiB for 1088 MiB."""
    head, tail = bomb_tar_parts()
    out = bytearray(b"\x28\xb5\x2f\xfd\x00" + bytes([(17 - 10) << 3]))
    out += ((len(head) << 3) | 0).to_bytes(3, "little") + head          # raw block
    rle = ((128 * 1024) << 3) | (1 << 1)                                  # RLE block of 0x00
    out += (rle.to_bytes(3, "little") + b"\0") * (BOMB_ZEROS // (128 * 1024))
    out += ((len(tail) << 3) | 0 | 1).to_bytes(3, "little") + tail       # last, raw
    return bytes(out)


# ---------------------------------------------------------------- the cases

def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_hostile.py OUTDIR")
    out = os.path.abspath(sys.argv[1])
    os.makedirs(out, exist_ok=True)
    token = secrets.token_hex(8)
    with open(os.path.join(out, "canary-token"), "w") as fh:
        fh.write(token + "\n")
    rows = []

    def row(name, path, expected, code="-", flags="-", names="-", osx="-"):
        rows.append([name, path, expected, code, flags, names, osx])

    def layout(name):
        return Layout(os.path.join(out, name))

    good_tar = make_tar(base_entries() + [f("srv/app.txt", b"hello\n" * 2000)])
    good_gz = gz(good_tar)
    good_id = sha256_hex(good_tar)

    # ---- controls: the same construction without a defect must scan cleanly
    layout("valid_oci_dir").image([(good_gz, MT_GZIP, good_id)])
    row("valid_oci_dir", "valid_oci_dir", "contain", osx=OS_EXPECT)
    with open(os.path.join(out, "valid_oci.tar"), "wb") as fh:
        fh.write(tar_of_dir(os.path.join(out, "valid_oci_dir")))
    row("valid_oci_tar", "valid_oci.tar", "contain", osx=OS_EXPECT)
    layout("valid_oci_plain_tar").image([(good_tar, MT_TAR, good_id)])
    row("valid_oci_plain_tar", "valid_oci_plain_tar", "contain", osx=OS_EXPECT)
    layout("valid_oci_zstd").image([(zstd_raw(good_tar), MT_ZSTD, good_id)])
    row("valid_oci_zstd", "valid_oci_zstd", "contain", osx=OS_EXPECT)
    docker_archive(os.path.join(out, "valid_docker.tar"), [good_tar])
    row("valid_docker_archive", "valid_docker.tar", "contain", osx=OS_EXPECT)

    # ---- refused
    cut = good_gz[: len(good_gz) // 2]
    desc = layout("truncated_gzip").put(cut)
    layout("truncated_gzip").image([(desc, MT_GZIP, good_id)])
    row("truncated_gzip", "truncated_gzip", "refuse", "truncated", names=desc["digest"][7:19])

    big_tar = make_tar([f("big.bin", os.urandom(64 * 1024))])
    cut = big_tar[: 512 + 20000]  # header plus part of the file data: cut mid-entry
    lo = layout("truncated_tar")
    desc = lo.put(cut)
    lo.image([(desc, MT_TAR, sha256_hex(cut))])
    row("truncated_tar", "truncated_tar", "refuse", "truncated", names=desc["digest"][7:19])

    # Two sound entries, then one whose header checksum is off by one.
    bad = (make_tar(base_entries()[:2])[:-len(TAR_END)]
           + tar_header(b"etc/hostname", 5, bad_checksum=True) + _pad(b"host\n") + TAR_END)
    lo = layout("corrupt_tar_checksum")
    bgz = gz(bad)
    desc = lo.put(bgz)
    lo.image([(desc, MT_GZIP, sha256_hex(bad))])
    row("corrupt_tar_checksum", "corrupt_tar_checksum", "refuse", "corrupt", names=desc["digest"][7:19])

    rnd = os.urandom(8192)
    lo = layout("not_a_tar_random")
    desc = lo.put(rnd)
    lo.image([(desc, MT_TAR, sha256_hex(rnd))])
    row("not_a_tar_random", "not_a_tar_random", "refuse", "not_a_tar", names=desc["digest"][7:19])

    lo = layout("not_a_tar_gzip_random")
    desc = lo.put(gz(rnd))
    lo.image([(desc, MT_GZIP, sha256_hex(rnd))])
    row("not_a_tar_gzip_random", "not_a_tar_gzip_random", "refuse", "not_a_tar", names=desc["digest"][7:19])

    # Same tar, different gzip header mtime: the stored bytes differ from the digest, yet
    # they still decompress to a tar matching the diff_id, so only the digest is wrong.
    lo = layout("digest_mismatch_layer")
    desc = lo.put(good_gz, stored=gzip.compress(good_tar, compresslevel=6, mtime=123456789))
    lo.image([(desc, MT_GZIP, good_id)])
    row("digest_mismatch_layer", "digest_mismatch_layer", "refuse", "digest_mismatch", names=desc["digest"][7:19])

    lo = layout("digest_mismatch_config")
    m = lo.image([(good_gz, MT_GZIP, good_id)], stored_config=None)
    man = json.load(open(lo.blob_path(m["digest"][7:])))
    chex = man["config"]["digest"][7:]
    with open(lo.blob_path(chex), "ab") as fh:
        fh.write(b" ")  # still valid JSON, different bytes
    row("digest_mismatch_config", "digest_mismatch_config", "refuse", "digest_mismatch", names=chex[:12])

    lo = layout("diff_id_mismatch")
    wrong = sha256_hex(b"not this layer")
    ldesc = lo.put(good_gz)
    lo.image([(ldesc, MT_GZIP, wrong)])
    row("diff_id_mismatch", "diff_id_mismatch", "refuse", "digest_mismatch",
        names=ldesc["digest"][7:19] + "|" + wrong[:12])

    lo = layout("missing_blob")
    ghost = gz(make_tar([f("ghost", b"never written")]))
    ghost_desc = {"mediaType": MT_GZIP, "digest": "sha256:" + sha256_hex(ghost), "size": len(ghost)}
    lo.image([(good_gz, MT_GZIP, good_id)], diff_ids=["sha256:" + good_id, "sha256:" + sha256_hex(
        make_tar([f("ghost", b"never written")]))], extra_layer_descs=[ghost_desc])
    row("missing_blob", "missing_blob", "refuse", "missing_blob", names=ghost_desc["digest"][7:19])

    print("make_hostile: bombs (hashing 1088 MiB once) ...", file=sys.stderr)
    bomb_id = bomb_diff_id()
    lo = layout("gzip_bomb")
    desc = lo.put(gzip_bomb())
    lo.image([(desc, MT_GZIP, bomb_id)])
    row("gzip_bomb", "gzip_bomb", "refuse", "limit_exceeded", names=desc["digest"][7:19])
    row("gzip_bomb_max_layer_bytes", "gzip_bomb", "refuse", "limit_exceeded",
        "--max-layer-bytes 100000000", names=desc["digest"][7:19])
    lo = layout("zstd_bomb")
    desc = lo.put(zstd_bomb())
    lo.image([(desc, MT_ZSTD, bomb_id)])
    row("zstd_bomb", "zstd_bomb", "refuse", "limit_exceeded", names=desc["digest"][7:19])
    row("zstd_bomb_max_layer_bytes", "zstd_bomb", "refuse", "limit_exceeded",
        "--max-layer-bytes 100000000", names=desc["digest"][7:19])

    lo = layout("oversized_config")
    m = lo.image([(good_gz, MT_GZIP, good_id)],
                 config={"config": {"Cmd": ["/bin/sh"], "Env": ["PAD=" + "x" * (9 * 1024 * 1024)]}})
    chex = json.load(open(lo.blob_path(m["digest"][7:])))["config"]["digest"][7:]
    row("oversized_config", "oversized_config", "refuse", "limit_exceeded", names=chex[:12])

    # Balanced, so the only thing wrong is the depth (a depth limit, not a syntax error;
    # malformed_json is accepted too since a parser may report depth as malformed).
    deep = b"[" * 100000 + b"]" * 100000
    lo = layout("deep_json_config")
    cfg = (b'{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:'
           + good_id.encode() + b'"]},"x":' + deep + b"}")
    m = lo.image([(good_gz, MT_GZIP, good_id)], config_bytes=cfg)
    chex = json.load(open(lo.blob_path(m["digest"][7:])))["config"]["digest"][7:]
    row("deep_json_config", "deep_json_config", "refuse", "limit_exceeded|malformed_json", names=chex[:12])

    lo = layout("deep_json_index")
    lo.image([(good_gz, MT_GZIP, good_id)])
    lo.index(None, raw=b'{"schemaVersion":2,"manifests":[],"x":' + deep + b"}")
    row("deep_json_index", "deep_json_index", "refuse", "limit_exceeded|malformed_json", names="index.json")

    lo = layout("no_matching_platform")
    descs = [lo.image([(good_gz, MT_GZIP, good_id)], platform=p, write_index=False)
             for p in ("linux/amd64", "linux/arm64")]
    lo.index(descs)
    row("no_matching_platform", "no_matching_platform", "refuse", "no_matching_platform",
        "--platform linux/s390x", names="linux/amd64")  # the script also wants linux/arm64

    missing_layer = "0badc0de" * 8 + "/layer.tar"
    docker_archive(os.path.join(out, "docker_missing_layer.tar"), [good_tar], missing=[missing_layer])
    row("docker_missing_layer", "docker_missing_layer.tar", "refuse", "missing_blob", names="0badc0de")

    lo = layout("oci_tar_src")
    big = make_tar(base_entries() + [f("srv/noise.bin", os.urandom(256 * 1024))])
    lo.image([(gz(big), MT_GZIP, sha256_hex(big))])
    whole = tar_of_dir(lo.root)
    with open(os.path.join(out, "oci_truncated.tar"), "wb") as fh:
        fh.write(whole[: len(whole) // 2])
    row("oci_tar_truncated", "oci_truncated.tar", "refuse", "truncated|missing_blob",
        names="oci_truncated.tar|" + sha256_hex(gz(big))[:12])

    # ---- contained
    def one_layer(name, entries, kind="-", osx=OS_EXPECT, mt=MT_GZIP):
        t = make_tar(entries)
        layout(name).image([(gz(t) if mt == MT_GZIP else t, mt, sha256_hex(t))])
        row(name, name, "contain", kind, osx=osx)

    # "../etc/os-release" comes first: whether a scanner drops a climbing entry (moby) or
    # clamps it to the root (containerd), the image's later etc/os-release wins.
    one_layer("dotdot_names", [
        d("etc"), f("../etc/os-release", b"ID=debian\nVERSION_ID=666\n"),
    ] + base_entries() + [
        f("../../../../tmp/bulwark-canary-%s" % token, b"escaped\n"),
        f("srv/../../../../../tmp/bulwark-canary-dd2-%s" % token, b"escaped\n"),
    ], "path_contained")

    one_layer("absolute_names", base_entries() + [
        f("/tmp/bulwark-canary-abs-%s" % token, b"escaped\n"),
        d("/srv"), f("/srv/abs-file", b"inside\n"),
    ])

    # etc/os-release is an absolute symlink: inside the image it must mean the image's
    # /usr/lib/os-release, not the host's. Also the tar-slip via a symlinked directory.
    one_layer("symlink_absolute", [
        d("etc"), d("usr"), d("usr/lib"), f("usr/lib/os-release", OS_RELEASE),
        sym("etc/os-release", "/usr/lib/os-release"),
        f("etc/passwd", PASSWD), sym("passwd-link", "/etc/passwd"),
        sym("hostdir", "/tmp"), f("hostdir/bulwark-canary-symdir-%s" % token, b"escaped\n"),
    ])

    one_layer("symlink_escape", [
        d("etc"), d("usr"), d("usr/lib"), f("usr/lib/os-release", OS_RELEASE),
        sym("etc/os-release", "../../../../../../usr/lib/os-release"),
        f("etc/passwd", PASSWD), f("etc/shadow", b"root:*:19000:0:99999:7:::\n"),
        sym("shadow-link", "../../../../../../etc/shadow"),
        sym("up", "../../../../../../tmp"), f("up/bulwark-canary-up-%s" % token, b"escaped\n"),
    ])

    one_layer("hardlink_escape", base_entries() + [
        hard("hl-passwd", "../../etc/passwd"),
        hard("hl-os-release", "../../../etc/os-release"),
        hard("hl-abs", "/etc/passwd"),
    ], "path_contained|bad_record")

    one_layer("symlink_loop", [
        d("etc"), d("usr"), d("usr/lib"), f("etc/passwd", PASSWD),
        sym("a", "b"), sym("b", "a"), sym("self", "self"),
        sym("etc/os-release", "../usr/lib/os-release"),
        sym("usr/lib/os-release", "../../etc/os-release"),
        sym("etc/lsb-release", "lsb-release"),
    ], "link_loop", osx="-")

    one_layer("non_utf8_names", [d("etc"), f("etc/passwd", PASSWD), d("usr"), d("usr/lib"),
        # invalid UTF-8 in a value the report prints (PRETTY_NAME) and in names it may list
        f("etc/os-release", OS_RELEASE + b'PRETTY_NAME="bulwark \xff\xfe test"\n'),
        f(b"bad-\xff\xfe-name", b"x"),
        d(b"\xff\xfe"), f(b"\xff\xfe/inner\xff", b"y"),
        f(b"usr/bin/suid-\xff\xfe", b"#!/bin/sh\n", mode=0o4755),
        sym(b"link-\xfe", b"target-\xff"),
    ])

    one_layer("duplicate_entries", [
        d("etc"), f("etc/passwd", PASSWD),
        f("etc/os-release", b'NAME="Ubuntu"\nID=ubuntu\nVERSION_ID=1.1\n'),
        f("etc/os-release", OS_RELEASE),  # the later one wins, as tar extraction does
        d("srv"), f("srv/x", b"one"), f("srv/x", b"two"),
    ], "duplicate_entry")

    # Whiteouts that name "." or "..", or climb out through "..": layer 1 must survive.
    lo = layout("whiteout_climb")
    t1 = make_tar(base_entries() + [d("a"), f("a/keep", b"keep")])
    t2 = make_tar([f(".wh...", b"", 0), f(".wh..", b"", 0), d("a"), f("a/.wh...", b"", 0),
                   f("a/../../.wh.etc", b"", 0), f("a/.wh..", b"", 0)])
    lo.image([(gz(t1), MT_GZIP, sha256_hex(t1)), (gz(t2), MT_GZIP, sha256_hex(t2))])
    row("whiteout_climb", "whiteout_climb", "contain", "path_contained|bad_record|other", osx="-")

    # 300k tiny entries; empty files keep the tar at ~154 MB, under the 256 MiB threshold
    # after which the compression-ratio limit applies (headers compress far beyond 100:1).
    print("make_hostile: 300k entries ...", file=sys.stderr)
    ents = base_entries()
    for i in range(300):
        ents.append(d("m/%03d" % i))
        ents.extend(f("m/%03d/f%04d" % (i, j)) for j in range(1000))
    t = make_tar([d("m")] + ents)
    layout("many_entries").image([(gz(t), MT_GZIP, sha256_hex(t))])
    row("many_entries", "many_entries", "contain", osx=OS_EXPECT)

    with open(os.path.join(out, "cases.tsv"), "w") as fh:
        fh.write("#name\tpath\texpected\tcode\tflags\tnames\tos\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")
    print("make_hostile: %d cases in %s" % (len(rows), out), file=sys.stderr)


if __name__ == "__main__":
    main()
