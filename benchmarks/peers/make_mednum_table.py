#!/usr/bin/python3
"""A national-size table in the layout of La MedNum's 2020 Design4Green files, for `mednum-2020` and its DuckDB peer.

The IRIS codes, communes, EPCI, départements and régions are those of `fragility synth --national` (its
iris_table.csv: 48,745 IRIS of the COG 2023); each IRIS takes the figures of a real row of the published files for
the Rhône and the Côtes-d'Armor (../shared/data/real/mednum_ifn_design4green2020_by_dept), the rows of one
département all from the same file, so that its SEUILS (reference) columns agree. The polygon columns (Geo Shape,
Geo Point, Géométrie) are left empty: the index reads the table as a table. No header, as published.

Usage: make_mednum_table.py NAT_FOLDER SHARED_FOLDER OUT_FILE
"""
import csv
import json
import os
import sys

nat, shared, out = sys.argv[1], sys.argv[2], sys.argv[3]
here = os.path.dirname(os.path.abspath(__file__))
columns = json.load(open(os.path.join(here, "..", "..", "data", "presets", "mednum-2020.json"), encoding="utf-8"))["sources"]["ifn"]["columns"]
at = {name: i for i, name in enumerate(columns)}
folder = os.path.join(shared, "data", "real", "mednum_ifn_design4green2020_by_dept")
templates = [list(csv.reader(open(os.path.join(folder, f"{d}.csv"), encoding="utf-8"), delimiter=";")) for d in ("69", "22")]

with open(os.path.join(nat, "iris_table.csv"), encoding="utf-8") as f:
    iris = list(csv.DictReader(f))
departements = sorted({r["DEP"] for r in iris})
used = {d: 0 for d in departements}
with open(out, "w", encoding="utf-8", newline="") as f:
    writer = csv.writer(f, delimiter=";", lineterminator="\n")
    for r in iris:
        d = r["DEP"]
        rows = templates[departements.index(d) % 2]
        row = list(rows[used[d] % len(rows)])
        used[d] += 1
        code = r["CODE_IRIS"]
        for name, value in [("Code Iris", code), ("Iris", code[5:]), ("Insee Com", r["CODE_INSEE"]), ("COM", r["CODE_INSEE"]),
                            ("Nom Com", r["LIBCOM"]), ("Libcom", r["LIBCOM"]), ("Epci", r["EPCI"]), ("Insee Dep", d), ("DEP", d),
                            ("Insee Reg", r["REG"]), ("REG", r["REG"]), ("Nom Iris", r["LIBCOM"]), ("Libiris", r["LIBCOM"]),
                            ("Type Iris", r["TYP_IRIS"]), ("Geo Shape", ""), ("Geo Point", ""), ("Géométrie", "")]:
            row[at[name]] = value
        writer.writerow(row)
print(f"{len(iris)} rows into {out}")
