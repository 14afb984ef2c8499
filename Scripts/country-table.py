#!/usr/bin/env python3
"""Writes Sources/PalisadeDetection/Geo/CountryTable.swift from GeoNames' countryInfo.txt.

Usage: Scripts/country-table.py countryInfo.txt
(https://download.geonames.org/export/dump/countryInfo.txt, CC BY 4.0.) Columns used: ISO code
(0), Country (4), neighbours (17). CS and AN, codes GeoNames keeps for dissolved countries, are
left out. Every border must be listed from both sides; the script refuses a file where it is not.
"""
import sys

rows, names = {}, {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    if len(f[0]) != 2 or f[0] in ("CS", "AN"):
        continue
    rows[f[0]] = [n for n in f[17].split(",") if n]
    names[f[0]] = f[4].strip()
one_sided = [(a, b) for a in rows for b in rows[a] if a not in rows.get(b, [])]
if one_sided:
    sys.exit(f"borders listed from one side only: {one_sided}")
pairs = sorted({tuple(sorted((a, b))) for a in rows for b in rows[a] if b in rows})

out = [f"""// Generated from GeoNames' countryInfo.txt (https://www.geonames.org, "neighbours" and
// "Country" columns; CC BY 4.0, attribution: GeoNames). {len(names)} ISO 3166-1 alpha-2 codes (with XK,
// Kosovo) and the {len(pairs)} pairs of countries that share a land border. Regenerate with
// Scripts/country-table.py when GeoNames changes a border; do not edit by hand.

/// Country names and land borders, for impossible travel (same or bordering countries never
/// alert, defender.md §2.2) and for explanations that name a country rather than its code.
enum CountryTable {{
    /// English short names by ISO code.
    static let names: [String: String] = ["""]
for k in sorted(names):
    out.append(f'        "{k}": "{names[k]}",')
out += ["    ]", "", '    /// Pairs sharing a land border, each written once as "AB:CD" with the codes in order.',
        "    static let borderPairs: [String] = ["]
line = "       "
for a, b in pairs:
    item = f' "{a}:{b}",'
    if len(line) + len(item) > 130:
        out.append(line)
        line = "       "
    line += item
out += [line, "    ]", "}"]
path = "Sources/PalisadeDetection/Geo/CountryTable.swift"
open(path, "w").write("\n".join(out) + "\n")
print(f"{path}: {len(names)} countries, {len(pairs)} borders")
