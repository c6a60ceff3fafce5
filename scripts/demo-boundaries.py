#!/usr/bin/env python3
"""Extracts the commune boundaries of Brest métropole for the demo data set.

    python3 scripts/demo-boundaries.py [COMMUNES_GEOJSON]

COMMUNES_GEOJSON is the Finistère communes of IGN ADMIN EXPRESS COG 2018 (simplified, WGS84,
properties `code` and `nom`); by default `../shared/data/geo/communes-29-finistere.geojson`,
relative to the project root. Writes `data/demo/brest-metropole-communes.geojson`, which
`aiguillage serve` embeds and imports into an empty database (crates/aiguillage/src/demo.rs).
Run by hand (Python 3, standard library only); the output is committed, so building and a
fresh clone need neither this script nor its input.

The communes are the members of EPCI 242900314 in the embedded INSEE table
(crates/aiguillage-territory/data/admin.tsv), whose EPCI column is authoritative; a feature
under a former code of a member (a 2018 code of a commune merged since) is kept too, as
`aiguillage territories import` attaches it to the current commune. The run fails when a
member has no feature, so a change of the EPCI cannot go unnoticed.

The output keeps only `code` and `nom`, rounds coordinates to 5 decimals (about 1 m), sorts
features by code and carries the source's attribution as foreign members of the
FeatureCollection, which the importer ignores. One feature a line keeps diffs readable. The
file is written through a temporary file renamed over it, and left untouched when its content
would not change, so a second run changes nothing.
"""

import json
import os
import sys
import tempfile

EPCI = "242900314"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_INPUT = os.path.join(ROOT, "..", "shared", "data", "geo", "communes-29-finistere.geojson")
ADMIN_TSV = os.path.join(ROOT, "crates", "aiguillage-territory", "data", "admin.tsv")
OUTPUT = os.path.join(ROOT, "data", "demo", "brest-metropole-communes.geojson")
ATTRIBUTION = "IGN — ADMIN EXPRESS COG 2018 (simplifié), Licence Ouverte 2.0"
LICENCE = "Licence Ouverte 2.0 (https://www.etalab.gouv.fr/licence-ouverte-open-licence)"


class ExtractError(Exception):
    pass


def members(admin_tsv, epci):
    """Current code of each member commune of `epci`, by the codes a file may give it."""
    by_code = {}
    with open(admin_tsv, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            # C  code  nom  departement  region  epci  population  codes_postaux  anciens_codes  …
            if fields[0] != "C" or fields[5] != epci:
                continue
            code = fields[1]
            by_code[code] = code
            for former in filter(None, fields[8].split(",")):
                by_code[former] = code
    if not by_code:
        raise ExtractError(f"{admin_tsv}: no commune of EPCI {epci}")
    return by_code


def rounded(coordinates):
    """The coordinates (nested lists of positions) rounded to 5 decimals."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(c, 5) for c in coordinates]
    return [rounded(c) for c in coordinates]


def extract(path, by_code):
    try:
        with open(path, encoding="utf-8") as f:
            collection = json.load(f)
    except OSError as e:
        raise ExtractError(f"cannot read {path} ({e.strerror}); give the Finistère communes file as argument")
    except json.JSONDecodeError as e:
        raise ExtractError(f"{path}: {e}")
    if collection.get("type") != "FeatureCollection":
        raise ExtractError(f"{path}: not a GeoJSON FeatureCollection")
    features = []
    for feature in collection["features"]:
        properties = feature.get("properties") or {}
        code = str(properties.get("code", ""))
        if code not in by_code:
            continue
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise ExtractError(f"{path}: commune {code} has no Polygon or MultiPolygon")
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "nom": properties.get("nom", "")},
                "geometry": {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])},
            }
        )
    found = {by_code[f["properties"]["code"]] for f in features}
    missing = sorted(set(by_code.values()) - found)
    if missing:
        raise ExtractError(f"{path}: no boundary for commune(s) {', '.join(missing)} of EPCI {EPCI}")
    features.sort(key=lambda f: f["properties"]["code"])
    return features


def render(features):
    head = {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "licence": LICENCE,
        "source": "communes of Finistère, france-geojson (IGN ADMIN EXPRESS COG 2018, simplified)",
        "generator": "scripts/demo-boundaries.py",
    }
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [']
    for i, feature in enumerate(features):
        comma = "," if i + 1 < len(features) else ""
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")) + comma)
    lines.append("]}")
    return "\n".join(lines) + "\n"


def write_atomically(path, text):
    """Writes `text` to `path` through a temporary file in the same folder, unless it is there."""
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return False
    except FileNotFoundError:
        pass
    fd, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=f".{os.path.basename(path)}.tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    return True


def main(argv):
    if len(argv) > 2:
        print("usage: python3 scripts/demo-boundaries.py [COMMUNES_GEOJSON]", file=sys.stderr)
        return 2
    source = argv[1] if len(argv) == 2 else DEFAULT_INPUT
    try:
        features = extract(source, members(ADMIN_TSV, EPCI))
    except ExtractError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    changed = write_atomically(OUTPUT, render(features))
    print(f"{os.path.relpath(OUTPUT, ROOT)}: {len(features)} communes, {'written' if changed else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
