#!/usr/bin/env python3
"""Makes cog-2023.csv, the compact COG table FragilityIndex embeds, from the npm package
@etalab/decoupage-administratif 3.1.1 (COG 2023: INSEE, DGCL; data under the Licence Ouverte 2.0, code MIT).

Usage: python3 data/cog/make_cog_table.py ../shared/data/real/cog2023_etalab data/cog/cog-2023.csv

One row per territory, ';'-separated, UTF-8, sorted by level then code:
  level;code;name;departement;region;epci;population;successor
level is commune (current communes and the municipal arrondissements of Paris, Lyon and Marseille), epci,
departement or region, or former: a commune merged into another since (an old code of a commune nouvelle, a
delegated or associated commune), whose successor is the current commune that holds it and whose departement,
region and epci are that commune's. An arrondissement takes the EPCI of its city; a commune in no EPCI has ZZZZZZZZZ.
"""
import csv
import json
import os
import sys

source, target = sys.argv[1], sys.argv[2]
load = lambda name: json.load(open(os.path.join(source, name), encoding='utf-8'))
communes, epcis = load('communes.json'), load('epci.json')
departements, regions = load('departements.json'), load('regions.json')

epci_of = {}
for epci in epcis:
    for member in epci['membres']:
        epci_of[member['code']] = epci['code']

rows = []
current = {}
for c in communes:
    if c['type'] not in ('commune-actuelle', 'arrondissement-municipal'):
        continue
    city = c.get('commune', c['code'])
    current[c['code']] = c
    rows.append(('commune', c['code'], c['nom'], c['departement'], c['region'], epci_of.get(city, 'ZZZZZZZZZ'), str(c.get('population', '')), ''))
successor = {}
for c in communes:
    if c['type'] == 'commune-actuelle':
        for old in c.get('anciensCodes', []):
            if old not in current:
                successor.setdefault(old, (c['code'], None))
    elif c['type'] in ('commune-deleguee', 'commune-associee') and c.get('chefLieu') and c['code'] not in current:
        successor[c['code']] = (c['chefLieu'], c['nom'])
for old, (new, name) in sorted(successor.items()):
    if new not in current:
        continue
    heir = current[new]
    rows.append(('former', old, name or '', heir['departement'], heir['region'], epci_of.get(heir.get('commune', new), 'ZZZZZZZZZ'), '', new))
for e in epcis:
    rows.append(('epci', e['code'], e['nom'], '', '', '', str(e.get('populationMunicipale', '')), ''))
for d in departements:
    rows.append(('departement', d['code'], d['nom'], '', d['region'], '', '', ''))
for r in regions:
    rows.append(('region', r['code'], r['nom'], '', '', '', '', ''))

order = {'commune': 0, 'former': 1, 'epci': 2, 'departement': 3, 'region': 4}
rows.sort(key=lambda row: (order[row[0]], row[1]))
with open(target, 'w', encoding='utf-8', newline='') as out:
    writer = csv.writer(out, delimiter=';', lineterminator='\n')
    writer.writerow(['level', 'code', 'name', 'departement', 'region', 'epci', 'population', 'successor'])
    writer.writerows(rows)
print(f'{target}: {len(rows)} territories')
