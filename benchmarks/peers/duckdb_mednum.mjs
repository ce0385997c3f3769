// La MedNum's 2020 index (the mednum-2020 preset) written as DuckDB SQL, for a side-by-side whole-process comparison
// with `fragility run --preset mednum-2020 --input ifn=FILE --format csv`: the same file read (no header, its 152
// columns), the six indicators' raw values, CM = 100 × value / the file's SEUILS column of the département (a
// missing CM counting 0), the seven nodes as sums of CMs over their nominal count, the global score's rank and
// decile within the département; then communes and EPCI (against the SEUILS of the département of their first IRIS;
// the engine takes the département holding most of their IRIS, the same but for a few EPCI across a border),
// départements and régions (against France, ratios of sums over the file), each level written as CSV. Less than the
// engine: no validation of codes against the COG, no join report, no run.json, ranks and deciles of the global score
// only (ntile's deciles, not the engine's). Where both compute a node score, they agree to 4e-16 (IRIS, EPCI,
// départements, régions; communes too but for 102 whose IRIS have no population, left missing here).
//
// Usage: node duckdb_mednum.mjs TABLE.csv OUT_FOLDER   (npm install @duckdb/node-api in this folder first)
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [table, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const here = dirname(fileURLToPath(import.meta.url));
const columns = JSON.parse(readFileSync(join(here, "..", "..", "data", "presets", "mednum-2020.json"), "utf8")).sources.ifn.columns;
const q = (name) => `"${name.replaceAll('"', '""')}"`;
const text = ["Code Iris", "Insee Com", "Epci", "Insee Dep", "Insee Reg", "Iris", "COM", "DEP", "REG"];
const types = Object.fromEntries(text.map((c) => [c, "VARCHAR"]));

const shares = {
  menages_seuls: ["C16 Menpseul", "C16 Men", "SEUILS Part des ménages departement"],
  familles_mono: ["C16 Fammono", "C16 Fam", "SEUILS Part des familles departement"],
  jeunes_15_29: ["P16 Pop1529", "P16 Pop", "SEUILS Part des personnes âgées de 15 – 29 ans departement"],
  seniors_65: ["P16 Pop65P", "P16 Pop", "SEUILS Part des personnes âgées de 65 departement"],
  peu_diplomes: ["P16 Nscol15P Diplmin", "P16 Nscol15P", "SEUILS Part des non ou peu diplômés departement"],
};
const nodes = {
  acces_interfaces_numeriques: ["revenu"], acces_information: ["menages_seuls", "familles_mono"],
  competences_administratives: ["jeunes_15_29"], competences_numeriques: ["seniors_65", "peu_diplomes"],
  global_acces: ["revenu", "menages_seuls", "familles_mono"], global_competences: ["jeunes_15_29", "seniors_65", "peu_diplomes"],
  score_global: ["revenu", "menages_seuls", "familles_mono", "jeunes_15_29", "seniors_65", "peu_diplomes"],
};
const indicators = ["revenu", ...Object.keys(shares)];
const scores = () => indicators.map((i) => `coalesce(100 * ${i}_value / ${i}_ref, 0) AS ${i}`).join(", ");
const nodeColumns = Object.entries(nodes).map(([n, c]) => `(${c.join(" + ")}) / ${c.length} AS ${n}`).join(", ");

const instance = await DuckDBInstance.create(":memory:");
const db = await instance.connect();
await db.run(`CREATE TABLE ifn AS SELECT * FROM read_csv('${table}', delim=';', header=false, quote='"',
  names=[${columns.map((c) => `'${c.replaceAll("'", "''")}'`).join(", ")}], types=${JSON.stringify(types).replaceAll('"', "'")})`);
// The IRIS: raw values (numerators, denominators and population kept for the levels above) and references.
await db.run(`CREATE TABLE units AS SELECT ${q("Code Iris")} AS code, ${q("Insee Com")} AS commune, ${q("Epci")} AS epci,
  ${q("Insee Dep")} AS departement, ${q("Insee Reg")} AS region, ${q("P16 Pop")} AS pop,
  ${q("MED15 données communales")} AS revenu_value, ${q("SEUILS revenue median departement")} AS revenu_ref,
  ${Object.entries(shares).map(([i, [n, d, r]]) => `${q(n)} AS ${i}_n, ${q(d)} AS ${i}_d, ${q(n)} / nullif(${q(d)}, 0) AS ${i}_value, ${q(r)} AS ${i}_ref`).join(",\n  ")}
  FROM ifn`);

async function write(level, rows) {
  await db.run(`COPY (
    WITH cm AS (SELECT *, ${scores()} FROM (${rows})),
         nodes AS (SELECT *, ${nodeColumns} FROM cm)
    SELECT *, rank() OVER (PARTITION BY reference ORDER BY score_global DESC) AS score_global_rank,
           ntile(10) OVER (PARTITION BY reference ORDER BY score_global) AS score_global_decile
    FROM nodes ORDER BY code) TO '${join(out, `scores-${level}.csv`)}' (HEADER)`);
}

const values = `${Object.keys(shares).map((i) => `sum(${i}_n) AS ${i}_n, sum(${i}_d) AS ${i}_d, sum(${i}_n) / nullif(sum(${i}_d), 0) AS ${i}_value`).join(", ")},
  sum(revenu_value * pop) FILTER (WHERE revenu_value IS NOT NULL) / nullif(sum(pop) FILTER (WHERE revenu_value IS NOT NULL), 0) AS revenu_value, sum(pop) AS pop`;
const refs = () => `${indicators.map((i) => `first(${i}_ref ORDER BY code) AS ${i}_ref`).join(", ")}`;
const france = `(SELECT ${Object.keys(shares).map((i) => `sum(${i}_n) / sum(${i}_d) AS ${i}_ref`).join(", ")},
  sum(revenu_value * pop) FILTER (WHERE revenu_value IS NOT NULL) / sum(pop) FILTER (WHERE revenu_value IS NOT NULL) AS revenu_ref FROM units)`;

await write("iris", `SELECT code, departement AS reference, ${indicators.map((i) => `${i}_value, ${i}_ref`).join(", ")} FROM units`);
for (const level of ["commune", "epci"]) {
  await write(level, `SELECT ${level} AS code, first(departement ORDER BY code) AS reference, ${values}, ${refs()} FROM units GROUP BY ${level}`);
}
for (const level of ["departement", "region"]) {
  await write(level, `SELECT l.*, f.*, 'FR' AS reference FROM (SELECT ${level} AS code, ${values} FROM units GROUP BY ${level}) l CROSS JOIN ${france} f`);
}
console.log(`scored ${(await db.runAndReadAll("SELECT count(*) FROM units")).getRows()[0][0]} IRIS and the four levels above into ${out}`);
