#!/usr/bin/env python3
"""An independent verifier of the Jinzhou Blue Sky transparency log, written from content/docs/transparency.md only.

Usage: verify_log.py <base URL | export folder> <verifier key>. Standard library only (Ed25519 from RFC 8032 §6).
Exit 0 when everything checks, 1 with one line per problem otherwise."""
import base64, hashlib, os, sys, urllib.error, urllib.request

# --- Ed25519 signature check, RFC 8032 §6 reference algorithm ---
P = 2**255 - 19; L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P; SQRT_M1 = pow(2, (P - 1) // 4, P)
def _add(a, b):
    A, B = (a[1] - a[0]) * (b[1] - b[0]) % P, (a[1] + a[0]) * (b[1] + b[0]) % P
    C, E = 2 * a[3] * b[3] * D % P, 2 * a[2] * b[2] % P
    e, f, g, h = B - A, E - C, E + C, B + A
    return (e * f % P, g * h % P, f * g % P, e * h % P)
def _mul(s, pt):
    q = (0, 1, 1, 0)
    while s:
        if s & 1: q = _add(q, pt)
        pt, s = _add(pt, pt), s >> 1
    return q
def _x(y, sign):
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    if x2 == 0: return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P: x = x * SQRT_M1 % P
    if (x * x - x2) % P: return None
    return P - x if (x & 1) != sign else x
def _point(s):
    y = int.from_bytes(s, "little"); sign = y >> 255; y &= (1 << 255) - 1
    x = None if y >= P else _x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)
GY = 4 * pow(5, P - 2, P) % P; G = (_x(GY, 0), GY, 1, _x(GY, 0) * GY % P)
def ed25519_verify(pub, msg, sig):
    a, r = _point(pub), _point(sig[:32]); s = int.from_bytes(sig[32:], "little")
    if a is None or r is None or s >= L or len(sig) != 64: return False
    h = int.from_bytes(hashlib.sha512(sig[:32] + pub + msg).digest(), "little") % L
    lhs, rhs = _mul(s, G), _add(r, _mul(h, a))
    return (lhs[0] * rhs[2] - rhs[0] * lhs[2]) % P == 0 and (lhs[1] * rhs[2] - rhs[1] * lhs[2]) % P == 0

# --- the log ---
def fetch(base, path):
    if base.startswith(("http://", "https://")):
        try: return urllib.request.urlopen(base.rstrip("/") + "/" + path, timeout=60).read()
        except urllib.error.HTTPError as e:
            if e.code == 404: return None
            raise
    file = os.path.join(base, *path.split("/"))
    return open(file, "rb").read() if os.path.isfile(file) else None

def tile_index(n):
    groups = []
    while True:
        groups.insert(0, "%03d" % (n % 1000)); n //= 1000
        if n == 0: return "/".join(["x" + g for g in groups[:-1]] + groups[-1:])

def mth(hashes):  # RFC 6962 §2.1: split at the largest power of two smaller than n
    if len(hashes) == 1: return hashes[0]
    k = 1
    while k * 2 < len(hashes): k *= 2
    return hashlib.sha256(b"\x01" + mth(hashes[:k]) + mth(hashes[k:])).digest()

def main(base, vkey, step=1):
    problems = []
    name, keyid, key = vkey.strip().split("+", 2); key = base64.b64decode(key)
    assert key[0] == 1 and hashlib.sha256(name.encode() + b"\n" + key).digest()[:4].hex() == keyid, "bad verifier key"
    note = fetch(base, "log/checkpoint").decode()
    body, _, sigs = note.rpartition("\n\n"); body += "\n"
    good = False
    for line in sigs.splitlines():
        signer, blob = line[2:].split(" ")
        blob = base64.b64decode(blob)
        good |= line.startswith("\u2014 ") and signer == name and blob[:4].hex() == keyid and ed25519_verify(key[1:], body.encode(), blob[4:])
    if not good: return ["checkpoint signature is not valid for " + name]
    origin, size, root = body.split("\n")[:3]; size = int(size)
    leaves = []
    for n in range((size + 255) // 256):
        width = min(256, size - n * 256)
        path = "log/tile/entries/" + tile_index(n) + ("" if width == 256 else ".p/%d" % width)
        bundle, at = fetch(base, path), 0
        while at < len(bundle):
            length = int.from_bytes(bundle[at:at + 2], "big"); leaves.append(bundle[at + 2:at + 2 + length]); at += 2 + length
    if len(leaves) != size: return ["entry bundles hold %d leaves, checkpoint says %d" % (len(leaves), size)]
    computed = mth([hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves]) if size else hashlib.sha256(b"").digest()
    if base64.b64encode(computed).decode() != root: problems.append("root of the entry bundles differs from the signed root")
    latest = {}
    for i, leaf in enumerate(leaves):
        lines = leaf.decode().split("\n")
        fields = dict(l.split(" ", 1) for l in lines[1:-1] if " " in l)
        if lines[0] != "bluesky-log/v1": problems.append("leaf %d: not a bluesky-log/v1 envelope" % i)
        if fields.get("kind") == "batch": continue
        rec = (fields["dataset"], fields["id"])
        version, sha = int(fields["version"]), fields["sha256"]
        before = latest.get(rec, (0, "none", None))
        if version != before[0] + 1 or fields["previous"] != before[1]:
            problems.append("leaf %d: version chain of %s/%s broken at v%d" % (i, rec[0], rec[1], version))
        latest[rec] = (version, sha, fields["kind"])
    for (dataset, rid), (version, sha, kind) in sorted(latest.items())[::step] if step else []:
        served = fetch(base, "log/records/%s/%s/v%d.json" % (dataset, rid, version))
        if kind == "tombstone" and served is not None: problems.append("%s/%s: tombstoned but served" % (dataset, rid))
        if kind == "record" and (served is None or hashlib.sha256(served).hexdigest() != sha):
            problems.append("%s/%s v%d: %s" % (dataset, rid, version, "not served, no tombstone" if served is None else "served bytes differ from the log"))
    if not problems: print("OK %s %d leaves, %d records" % (origin, size, len(latest)))
    return problems

if __name__ == "__main__":
    # Optional third argument: check the served bytes of every record (default), of every Nth one, or of none (0).
    found = main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    for p in found: print("FAIL " + p)
    sys.exit(1 if found else 0)
