// The DCAT catalog read by real RDF processors (tests/Public.Web.Tests/Bulk/DcatRdfTests): the JSON-LD expanded and
// turned into N-Quads by jsonld.js (any remote context fetch fails the run: the context must be inline), the Turtle
// parsed by N3.js, both graphs canonicalised (RDFC-1.0, so blank-node labels do not matter) and compared as sets.
// Usage: node dcat-check.mjs catalog.jsonld catalog.ttl   → prints a JSON report on stdout.
import { readFile } from 'node:fs/promises';
import jsonld from 'jsonld';
import { Parser, Writer } from 'n3';

const [jsonldPath, turtlePath] = process.argv.slice(2);
const noRemote = async (url) => { throw new Error(`remote document requested: ${url} (the catalog's @context must be inline)`); };

const document = JSON.parse(await readFile(jsonldPath, 'utf8'));
const expanded = await jsonld.expand(document, { documentLoader: noRemote, safe: true });
const nquads = await jsonld.toRDF(expanded, { format: 'application/n-quads', documentLoader: noRemote });

const turtleQuads = new Parser({ format: 'text/turtle' }).parse(await readFile(turtlePath, 'utf8'));
const turtleNquads = await new Promise((resolve, reject) => {
  const writer = new Writer({ format: 'N-Quads' });
  writer.addQuads(turtleQuads);
  writer.end((error, result) => (error ? reject(error) : resolve(result)));
});

const canon = async (text) => (await jsonld.canonize(text, { algorithm: 'RDFC-1.0', inputFormat: 'application/n-quads', format: 'application/n-quads' }))
  .split('\n').filter((l) => l.length > 0);
const fromJsonLd = await canon(nquads);
const fromTurtle = await canon(turtleNquads);
const turtleSet = new Set(fromTurtle);
const jsonldSet = new Set(fromJsonLd);

// The triples of the JSON-LD graph as subject → predicate → [objects] (IRIs as IRIs, literals with their language).
const quads = new Parser({ format: 'N-Quads' }).parse(nquads);
const subjects = new Map();
for (const q of quads) {
  const s = q.subject.value;
  if (!subjects.has(s)) subjects.set(s, {});
  const props = subjects.get(s);
  const object = q.object.termType === 'Literal'
    ? { value: q.object.value, language: q.object.language || null, datatype: q.object.datatype?.value ?? null }
    : { id: q.object.value };
  (props[q.predicate.value] ??= []).push(object);
}

const rdfType = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const ofType = (type) => [...subjects.entries()].filter(([, p]) => (p[rdfType] ?? []).some((o) => o.id === type)).map(([id, p]) => ({ id, properties: p }));

console.log(JSON.stringify({
  processor: 'jsonld.js (expand, toRDF, canonize RDFC-1.0); N3.js (Turtle)',
  triples: fromJsonLd.length,
  turtleTriples: fromTurtle.length,
  onlyInJsonLd: fromJsonLd.filter((t) => !turtleSet.has(t)).slice(0, 10),
  onlyInTurtle: fromTurtle.filter((t) => !jsonldSet.has(t)).slice(0, 10),
  catalogs: ofType('http://www.w3.org/ns/dcat#Catalog'),
  datasets: ofType('http://www.w3.org/ns/dcat#Dataset'),
  distributions: ofType('http://www.w3.org/ns/dcat#Distribution'),
  checksums: Object.fromEntries([...subjects.entries()].filter(([, p]) => p['http://spdx.org/rdf/terms#checksumValue']).map(([id, p]) => [id, p])),
}));
