#!/usr/bin/python3
"""The synthetic France's core work in geopandas (`fragility synth --national --out NAT`), for a side-by-side
whole-process comparison with `fragility run --config NAT/national.json --format csv,geojson`.

It does what geopandas_rhone.py does, on the national files: read the IRIS contours (GeoJSON), the census, Filosofi,
Arcep broadband and mobile coverage by commune; join them to the IRIS (a city's arrondissements take the city's
commune row); raw values; each département's reference as a ratio of sums (a commune row counted once); base-100
scores; the global score as their mean; write the IRIS scores as CSV and GeoJSON. Then the same for the four levels
above, as the engine does: each commune, EPCI, département and région's values as ratios of sums (population-weighted
means for rates and amounts), compared with the département (communes, EPCI) or with France (départements, régions),
its contour dissolved from the level below it (communes from IRIS, EPCI and départements from communes, régions from
départements: the engine's own shortcut), written as CSV and GeoJSON. Less than the engine: no imputation, places,
CAF or Crédoc indicators, ranks, component nodes or validation; only the IRIS values are checked against the engine's
(benchmarks/results/national-synthetic.md).

With --iris-only, the IRIS level alone (the comparison of the first runs).

Usage: geopandas_national.py NAT_FOLDER OUT_FOLDER
"""
import os
import sys

import geopandas as gpd
import pandas as pd

from peer_levels import level_scores, level_values

nat, out = sys.argv[1], sys.argv[2]
iris_only = "--iris-only" in sys.argv[3:]
os.makedirs(out, exist_ok=True)

iris = gpd.read_file(os.path.join(nat, "contours.geojson"))[["CODE_IRIS", "INSEE_COM", "NOM_IRIS", "geometry"]]
table = pd.read_csv(os.path.join(nat, "iris_table.csv"), usecols=["CODE_IRIS", "EPCI"], dtype=str)
census = pd.read_csv(os.path.join(nat, "census.csv"), sep=";", dtype={"IRIS": str, "DEP": str, "COM": str})
filosofi = pd.read_csv(os.path.join(nat, "filosofi.csv"), sep=";", usecols=["IRIS", "DISP_TP6018", "DISP_MED18"], dtype={"IRIS": str})
broadband = pd.read_csv(os.path.join(nat, "broadband.csv"), sep=";", skiprows=1, usecols=["code_insee", "nbr", "elig_thd30", "elig_thd100", "elig_thd1g"], dtype={"code_insee": str})
broadband = broadband.groupby("code_insee", as_index=False).sum()
mobile = pd.read_csv(os.path.join(nat, "mobile.csv"), usecols=["CODE_INSEE", "COUVERTURE_MOBILE"], dtype={"CODE_INSEE": str})

city = iris["INSEE_COM"].replace({**{f"6938{i}": "69123" for i in range(1, 10)}, **{f"132{i:02d}": "13055" for i in range(1, 17)}, **{f"751{i:02d}": "75056" for i in range(1, 21)}})
iris = iris.assign(COMMUNE_ROW=city)
units = iris.merge(census, left_on="CODE_IRIS", right_on="IRIS", how="left")
units = units.merge(filosofi, left_on="CODE_IRIS", right_on="IRIS", how="left", suffixes=("", "_filosofi"))
units = units.merge(broadband, left_on="COMMUNE_ROW", right_on="code_insee", how="left")
units = units.merge(mobile, left_on="COMMUNE_ROW", right_on="CODE_INSEE", how="left")
units = units.merge(table, on="CODE_IRIS", how="left")
units["thd_num"] = units["elig_thd30"] + units["elig_thd100"] + units["elig_thd1g"]

shares = {
    "seniors_65": ("P16_POP65P", "P16_POP"), "jeunes_15_29": ("P16_POP1529", "P16_POP"),
    "peu_diplomes": ("P16_NSCOL15P_DIPLMIN", "P16_NSCOL15P"), "chomeurs_15_64": ("P16_CHOM1564", "P16_ACT1564"),
    "menages_seuls": ("C16_MENPSEUL", "C16_MEN"), "familles_mono": ("C16_FAMMONO", "C16_FAM"), "thd_eligibles": ("thd_num", "nbr"),
}
scores = {}
for name, (numerator, denominator) in shares.items():
    rows = units.drop_duplicates("COMMUNE_ROW") if name == "thd_eligibles" else units
    sums = rows.groupby("DEP")[[numerator, denominator]].sum()
    reference = units["DEP"].map(sums[numerator] / sums[denominator])  # each département's ratio of sums
    value = units[numerator] / units[denominator]
    units[f"{name}_value"] = value
    scores[name] = 100 * (1 - value) / (1 - reference) if name == "thd_eligibles" else 100 * value / reference
for name, column, lower, bound in [("taux_pauvrete", "DISP_TP6018", False, None), ("revenu_median", "DISP_MED18", True, None), ("couverture_mobile", "COUVERTURE_MOBILE", True, 1.0)]:
    value = units[column]
    weighted = (value * units["P16_POP"]).where(value.notna())
    weights = units["P16_POP"].where(value.notna())
    reference = units["DEP"].map(weighted.groupby(units["DEP"]).sum() / weights.groupby(units["DEP"]).sum())
    units[f"{name}_value"] = value
    scores[name] = ((100 * (bound - value) / (bound - reference)) if bound is not None else 100 * reference / value) if lower else 100 * value / reference
for name, score in scores.items():
    units[name] = score
units["score_global"] = pd.DataFrame(scores).mean(axis=1, skipna=True)

columns = ["CODE_IRIS", "NOM_IRIS"] + list(scores) + [f"{n}_value" for n in scores] + ["score_global"]
units[columns].to_csv(os.path.join(out, "scores-iris.csv"), index=False)
units[columns + ["geometry"]].to_file(os.path.join(out, "map-iris.geojson"), driver="GeoJSON")
if iris_only:
    print(f"scored {len(units)} IRIS into {out}")
    sys.exit(0)

# The levels above: sums of the counts (a commune row counted once where several IRIS share it), population-weighted
# sums of the rates and amounts, then values and scores against the département or France.
for name, (numerator, denominator) in shares.items():
    if name == "thd_eligibles":
        first = ~units.duplicated("COMMUNE_ROW")
        units[f"{numerator}_once"] = units[numerator].where(first, 0)
        units[f"{denominator}_once"] = units[denominator].where(first, 0)
weighted = {}
for name, column in [("taux_pauvrete", "DISP_TP6018"), ("revenu_median", "DISP_MED18"), ("couverture_mobile", "COUVERTURE_MOBILE")]:
    units[f"{name}_w"] = (units[column] * units["P16_POP"]).where(units[column].notna())
    units[f"{name}_p"] = units["P16_POP"].where(units[column].notna())
    weighted[name] = (f"{name}_w", f"{name}_p")
counts = {name: ((f"{n}_once", f"{d}_once") if name == "thd_eligibles" else (n, d)) for name, (n, d) in shares.items()}
sum_columns = sorted({c for pair in list(counts.values()) + list(weighted.values()) for c in pair})
lower = {"thd_eligibles": 1.0, "revenu_median": None, "couverture_mobile": 1.0}

pairs = {**counts, **weighted}
france = level_values(units[sum_columns].sum().to_frame().T, pairs).iloc[0]
departement_sums = units.groupby("DEP")[sum_columns].sum()
geometries = {"commune": iris[["INSEE_COM", "geometry"]].dissolve(by="INSEE_COM")}
keyed = units[["INSEE_COM", "EPCI", "DEP", "REG"]].drop_duplicates("INSEE_COM").set_index("INSEE_COM")
commune_shapes = geometries["commune"].join(keyed)
geometries["epci"] = commune_shapes[["EPCI", "geometry"]].dissolve(by="EPCI")
geometries["departement"] = commune_shapes[["DEP", "geometry"]].dissolve(by="DEP")
geometries["region"] = geometries["departement"].join(units.groupby("DEP")["REG"].first())[["REG", "geometry"]].dissolve(by="REG")

for level, key in [("commune", "INSEE_COM"), ("epci", "EPCI"), ("departement", "DEP"), ("region", "REG")]:
    sums = units.groupby(key)[sum_columns].sum()
    values = level_values(sums, pairs)
    if level in ("commune", "epci"):
        home = units.groupby(key)["DEP"].agg(lambda d: d.value_counts().index[0])
        reference = level_values(departement_sums, pairs).loc[home].set_axis(values.index)
    else:
        reference = pd.DataFrame([france] * len(values), index=values.index)
    frame = level_scores(values, reference, lower)
    frame.to_csv(os.path.join(out, f"scores-{level}.csv"))
    gpd.GeoDataFrame(frame.join(geometries[level]), geometry="geometry").to_file(os.path.join(out, f"map-{level}.geojson"), driver="GeoJSON")
print(f"scored {len(units)} IRIS and the four levels above into {out}")
