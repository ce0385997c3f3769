#!/usr/bin/python3
"""The Rhône example's core work in geopandas, for a side-by-side whole-process comparison with `fragility run`.

What it does, as the engine does it (data/examples/rhone-69.json): read IGN's IRIS contours (shapefile), the
Design4Green census (no header row: names in headers.csv), Filosofi 2018, Arcep broadband and mobile coverage by
commune; join them to the IRIS by IRIS and commune code; compute the indicators' raw values (shares and values);
the département's reference as a ratio of sums; base-100 scores (reversed for lower-is-more-fragile indicators with
the complement's ratio for bounded shares and ref/x for amounts); the global score as the mean of the scores; then
write the IRIS scores as CSV and, reprojected to WGS84, as GeoJSON.

Then the four levels above, as the engine does: each commune, EPCI, département and région's values as ratios of
sums (population-weighted means for rates and amounts), compared with the département (communes, EPCI) or with France
(here the département itself: the département and région score 100), contours dissolved from the level below
(communes from IRIS, EPCI and the département from communes, the région from the département), CSV and GeoJSON each.

Where the two compute a value at a level they agree to 1e-13, but for mobile coverage, which the engine imputes from
the commune's parents where a commune has no row and this pipeline leaves missing. It does less than the engine: no
imputation from parents, no distances to places, no CAF or Crédoc indicators, no
ranks or deciles, no component nodes, no validation of the inputs. The ratios it gives are therefore in the peer's
favour. With --iris-only, the IRIS level alone (the comparison of the first runs). With --design4green, the IRIS
contours come from the Design4Green file's own "Geo Shape" column (GeoJSON text, WGS84), as
data/examples/rhone-69-design4green.json takes them, instead of IGN's shapefile.

Usage: geopandas_rhone.py SHARED_REAL_FOLDER OUT_FOLDER [--iris-only] [--design4green]
"""
import json
import os
import sys

import shapely.geometry

import geopandas as gpd
import numpy as np
import pandas as pd

from peer_levels import level_scores, level_values

real, out = sys.argv[1], sys.argv[2]
iris_only = "--iris-only" in sys.argv[3:]
design4green = "--design4green" in sys.argv[3:]
os.makedirs(out, exist_ok=True)

d4g = os.path.join(real, "mednum_ifn_design4green2020_by_dept")
names = open(os.path.join(d4g, "headers.csv"), encoding="utf-8-sig").readline().rstrip("\r\n").split(";")
if design4green:
    shapes = pd.read_csv(os.path.join(d4g, "69.csv"), sep=";", header=None, names=names, usecols=["Code Iris", "Insee Com", "Nom Iris", "Geo Shape"], dtype=str)
    iris = gpd.GeoDataFrame({"CODE_IRIS": shapes["Code Iris"], "INSEE_COM": shapes["Insee Com"], "NOM_IRIS": shapes["Nom Iris"]},
                            geometry=[shapely.geometry.shape(json.loads(text)) for text in shapes["Geo Shape"]], crs="EPSG:4326")
else:
    iris = gpd.read_file(os.path.join(real, "ign_iris_ge_dep69_rhone", "IRIS_GE.SHP"))[["CODE_IRIS", "INSEE_COM", "NOM_IRIS", "geometry"]]

census_columns = ["Code Iris", "P16 Pop", "P16 Pop65P", "P16 Pop1529", "P16 Nscol15P", "P16 Nscol15P Diplmin", "C16 Men", "C16 Menpseul", "C16 Fam", "C16 Fammono"]
census = pd.read_csv(os.path.join(d4g, "69.csv"), sep=";", header=None, names=names, usecols=census_columns, dtype={"Code Iris": str})
# The EPCI of each IRIS, from the parents table the example's territory reads.
table = pd.read_csv(os.path.join(real, "dataforgood_batch8_mednum", "table_iris_insee_epci.csv"), usecols=["CODE_IRIS", "EPCI"], dtype=str).drop_duplicates("CODE_IRIS").rename(columns={"EPCI": "Epci"})

filosofi = pd.read_csv(os.path.join(real, "insee_filosofi_2018_iris_national", "income_paris_2018.csv"), sep=";",
                       usecols=["IRIS", "DISP_TP6018", "DISP_MED18"], dtype={"IRIS": str}, na_values=["s", "ns", "nd", "so"])
broadband = pd.read_csv(os.path.join(real, "dataforgood_batch8_mednum", "commune-debit-beta.csv"), sep=";", skiprows=1,
                        usecols=["code_insee", "nbr", "elig_thd30", "elig_thd100", "elig_thd1g"], dtype={"code_insee": str})
broadband = broadband.groupby("code_insee", as_index=False).sum()
mobile = pd.read_csv(os.path.join(real, "dataforgood_batch8_mednum", "taux_couverture_mobile.csv"),
                     usecols=["CODE_INSEE", "COUVERTURE_MOBILE"], dtype={"CODE_INSEE": str})

# Commune-level files name Lyon, Marseille and Paris, not their arrondissements.
city = iris["INSEE_COM"].replace({**{f"6938{i}": "69123" for i in range(1, 10)}, **{f"132{i:02d}": "13055" for i in range(1, 17)}, **{f"751{i:02d}": "75056" for i in range(1, 21)}})
iris = iris.assign(COMMUNE_ROW=city)
units = iris.merge(census, left_on="CODE_IRIS", right_on="Code Iris", how="left")
units = units.merge(filosofi, left_on="CODE_IRIS", right_on="IRIS", how="left")
units = units.merge(broadband, left_on="COMMUNE_ROW", right_on="code_insee", how="left")
units = units.merge(mobile, left_on="COMMUNE_ROW", right_on="CODE_INSEE", how="left")
units = units.merge(table, on="CODE_IRIS", how="left")

# Raw values: shares from counts, values as published.
shares = {
    "seniors_65": ("P16 Pop65P", "P16 Pop"),
    "jeunes_15_29": ("P16 Pop1529", "P16 Pop"),
    "peu_diplomes": ("P16 Nscol15P Diplmin", "P16 Nscol15P"),
    "menages_seuls": ("C16 Menpseul", "C16 Men"),
    "familles_mono": ("C16 Fammono", "C16 Fam"),
}
units["thd_num"] = units["elig_thd30"] + units["elig_thd100"] + units["elig_thd1g"]
shares["thd_eligibles"] = ("thd_num", "nbr")
scores = {}
for name, (numerator, denominator) in shares.items():
    value = units[numerator] / units[denominator]
    # The département's ratio of sums; a commune's row counted once, not once per IRIS of the commune.
    rows = units.drop_duplicates("COMMUNE_ROW") if name == "thd_eligibles" else units
    reference = rows[numerator].sum() / rows[denominator].sum()
    units[f"{name}_value"] = value
    scores[name] = 100 * (1 - value) / (1 - reference) if name == "thd_eligibles" else 100 * value / reference
weights = units["P16 Pop"]
for name, column, lower_is_fragile, bound in [("taux_pauvrete", "DISP_TP6018", False, None), ("revenu_median", "DISP_MED18", True, None),
                                               ("couverture_mobile", "COUVERTURE_MOBILE", True, 1.0)]:
    value = units[column]
    known = value.notna() & weights.notna()
    reference = (value[known] * weights[known]).sum() / weights[known].sum()  # population-weighted
    units[f"{name}_value"] = value
    scores[name] = (100 * (bound - value) / (bound - reference) if bound is not None else 100 * reference / value) if lower_is_fragile else 100 * value / reference
for name, score in scores.items():
    units[name] = score
units["score_global"] = pd.DataFrame(scores).mean(axis=1, skipna=True)

columns = ["CODE_IRIS", "NOM_IRIS"] + list(scores) + [f"{n}_value" for n in scores] + ["score_global"]
units[columns].to_csv(os.path.join(out, "scores-iris.csv"), index=False)
units[columns + ["geometry"]].to_crs(4326).to_file(os.path.join(out, "map-iris.geojson"), driver="GeoJSON")
if iris_only:
    print(f"scored {len(units)} IRIS into {out}")
    sys.exit(0)

# The levels above: sums of the counts (a commune row counted once where several IRIS share it), population-weighted
# sums of the rates and amounts, then values and scores against the département (the whole input here).
units["DEP"], units["REG"] = "69", "84"
first = ~units.duplicated("COMMUNE_ROW")
units["thd_num_once"], units["nbr_once"] = units["thd_num"].where(first, 0), units["nbr"].where(first, 0)
counts = {name: (("thd_num_once", "nbr_once") if name == "thd_eligibles" else pair) for name, pair in shares.items()}
weighted = {}
for name, column in [("taux_pauvrete", "DISP_TP6018"), ("revenu_median", "DISP_MED18"), ("couverture_mobile", "COUVERTURE_MOBILE")]:
    units[f"{name}_w"] = (units[column] * units["P16 Pop"]).where(units[column].notna())
    units[f"{name}_p"] = units["P16 Pop"].where(units[column].notna())
    weighted[name] = (f"{name}_w", f"{name}_p")
sum_columns = sorted({c for pair in list(counts.values()) + list(weighted.values()) for c in pair})
lower = {"thd_eligibles": 1.0, "revenu_median": None, "couverture_mobile": 1.0}

pairs = {**counts, **weighted}
reference = level_values(units[sum_columns].sum().to_frame().T, pairs).iloc[0]
commune_shapes = iris[["INSEE_COM", "geometry"]].dissolve(by="INSEE_COM").join(units.drop_duplicates("INSEE_COM").set_index("INSEE_COM")[["Epci", "DEP", "REG"]])
geometries = {"commune": commune_shapes[["geometry"]], "epci": commune_shapes[["Epci", "geometry"]].dissolve(by="Epci"),
              "departement": commune_shapes[["DEP", "geometry"]].dissolve(by="DEP")}
geometries["region"] = geometries["departement"].assign(REG="84").dissolve(by="REG")
for level, key in [("commune", "INSEE_COM"), ("epci", "Epci"), ("departement", "DEP"), ("region", "REG")]:
    values = level_values(units.groupby(key)[sum_columns].sum(), pairs)
    frame = level_scores(values, reference, lower)
    frame.to_csv(os.path.join(out, f"scores-{level}.csv"))
    gpd.GeoDataFrame(frame.join(geometries[level]), geometry="geometry", crs=iris.crs).to_crs(4326).to_file(os.path.join(out, f"map-{level}.geojson"), driver="GeoJSON")
print(f"scored {len(units)} IRIS and the four levels above into {out}")
