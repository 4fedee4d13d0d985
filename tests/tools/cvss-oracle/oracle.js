#!/usr/bin/env node
// CVSS oracle for tests/vulndb/cvss_oracle_test.cpp: scores vectors with ae-cvss-calculator
// (metaeffekt's implementation of CVSS 2.0, 3.0, 3.1 and 4.0, Apache-2.0; version pinned in
// package-lock.json), an implementation independent of bulwark's.
//
//   node oracle.js generate [SEED]   vectors of every version, generated here, with their scores
//   node oracle.js score             the vectors on stdin (one a line) with their scores
//   node oracle.js harvest DIR       the vectors in structured fields of advisory files under DIR
//
// Output: one "VECTOR<TAB>SCORE" line per vector; SCORE is "-" when the calculator refuses the
// vector. The score is ae-cvss-calculator's `base`: the base score for 2.0 and 3.x, and for 4.0
// the score of the vector as written (threat and environmental metrics included).
//
// `generate` enumerates every base vector of each version (729 for 2.0, 2,592 for 3.0 and
// 3.1, 104,976 for 4.0) and adds seeded random vectors with temporal/threat, environmental
// and supplemental metrics, some of them (3.x) in shuffled order and some (2.0) in
// parentheses. Metric values come from the calculator's own component registry.
//
// `harvest` (which made tests/data/vulndb/cvss/advisory-vectors.tsv from the project's shared
// advisory snapshots) reads vector fields of JSON (OSV "severity[].score", Trivy/NVD
// "V2Vector"/"V3Vector", Debian "Vectors", nodejs-security-wg "cvss_vector", ...), YAML
// (OSV "score:", Trivy "V3Vector:") and TOML (RustSec "cvss = ") files and prints one line per
// distinct vector: VECTOR, SCORE, the scores the files state next to it (comma-separated, or
// empty), how many times it occurs and the first file. Vectors missing a base metric get "-"
// as their score (the calculator would score them with the metric undefined).
'use strict';
const ae = require('ae-cvss-calculator');

const RANDOM_VECTORS = { '2.0': 3000, '3.0': 5000, '3.1': 5000, '4.0': 40000 };

// The CVSS 4.0 specification's Table 23 order, which 4.0 vectors must follow.
const V4_ORDER = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA', 'E', 'CR', 'IR', 'AR', 'MAV', 'MAC',
	'MAT', 'MPR', 'MUI', 'MVC', 'MVI', 'MVA', 'MSC', 'MSI', 'MSA', 'S', 'AU', 'R', 'V', 'RE', 'U'];

const VERSIONS = {
	'2.0': { make: () => new ae.Cvss2(), prefix: '' },
	'3.0': { make: () => new ae.Cvss3P0(), prefix: 'CVSS:3.0/' },
	'3.1': { make: () => new ae.Cvss3P1(), prefix: 'CVSS:3.1/' },
	'4.0': { make: () => new ae.Cvss4P0(), prefix: 'CVSS:4.0/' },
};

// [{name, values, base}] in vector order; base metrics without their "not defined" value.
function metrics(version) {
	const out = [];
	for (const [category, registered] of VERSIONS[version].make().getRegisteredComponents()) {
		const base = category.name === 'base';
		for (const component of registered) {
			const undefinedValue = (v) => v.shortName === 'X' || v.shortName === 'ND';
			const values = component.values.filter((v) => !v.hide && !(base && undefinedValue(v)));
			out.push({ name: component.shortName, values: values.map((v) => v.shortName), base });
		}
	}
	if (version === '4.0') {
		out.sort((a, b) => V4_ORDER.indexOf(a.name) - V4_ORDER.indexOf(b.name));
	}
	return out;
}

// mulberry32: a small seeded generator, so that every run checks the same vectors.
function random(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// "NAME:VALUE" components of a vector, without its prefix or parentheses.
function componentsOf(vector) {
	return vector.replace(/^\(|\)$/g, '').replace(/^CVSS:[0-9.]+\//, '').split('/');
}

function score(vector) {
	let cvss;
	try {
		cvss = ae.fromVector(vector);
	} catch (e) {
		return '-';
	}
	if (!cvss) {
		return '-';
	}
	// The calculator is lenient: make sure it understood every metric we gave it.
	const understood = new Set();
	for (const [metric, value] of cvss.getComponents()) {
		understood.add(`${metric.shortName}:${value.shortName}`);
	}
	const given = componentsOf(vector);
	if (given.some((component) => !understood.has(component))) {
		return '-';
	}
	return String(cvss.calculateScores().base);
}

function* generate(seed) {
	const next = random(seed);
	const pick = (list) => list[Math.floor(next() * list.length)];
	for (const version of Object.keys(VERSIONS)) {
		const all = metrics(version);
		const base = all.filter((m) => m.base);
		const prefix = VERSIONS[version].prefix;
		// Every base vector.
		const odometer = base.map(() => 0);
		for (;;) {
			yield prefix + base.map((m, i) => `${m.name}:${m.values[odometer[i]]}`).join('/');
			let i = base.length - 1;
			while (i >= 0 && ++odometer[i] === base[i].values.length) {
				odometer[i--] = 0;
			}
			if (i < 0) {
				break;
			}
		}
		// Random vectors with optional metrics.
		for (let n = 0; n < RANDOM_VECTORS[version]; ++n) {
			const parts = all.filter((m) => m.base || next() < 0.5).map((m) => `${m.name}:${pick(m.values)}`);
			if (version.startsWith('3') && next() < 0.3) {
				for (let i = parts.length - 1; i > 0; --i) {
					const j = Math.floor(next() * (i + 1));
					[parts[i], parts[j]] = [parts[j], parts[i]];
				}
			}
			const body = parts.join('/');
			yield version === '2.0' && next() < 0.2 ? `(${body})` : prefix + body;
		}
	}
}

// Field name of a vector -> field name of the score stated beside it (or null).
const VECTOR_FIELDS = {
	score: null, V2Vector: 'V2Score', V3Vector: 'V3Score', Vectors: 'Score', cvss_vector: 'cvss_score',
	cvssv2_vector: 'cvssv2_score', cvssv3_vector: 'cvssv3_baseScore', NvdCvssVectorV2: 'NvdCvssScoreV2',
	NvdCvssVectorV3: 'NvdCvssScoreV3', vector: null,
};
const LOOKS_LIKE_VECTOR = /^(CVSS:[0-9.]+\/)?\(?[A-Za-z]+:[A-Za-z]+(\/[A-Za-z]+:[A-Za-z]+)+\)?$/;
const TEXT_FIELD = /^\s*(?:-\s+)?(score|V2Vector|V3Vector|cvss)\s*[:=]\s*"?([^"\s]+)"?\s*$/;

function* vectorsInJson(node) {
	if (Array.isArray(node)) {
		for (const child of node) {
			yield* vectorsInJson(child);
		}
	} else if (node && typeof node === 'object') {
		for (const [field, scoreField] of Object.entries(VECTOR_FIELDS)) {
			if (typeof node[field] === 'string' && LOOKS_LIKE_VECTOR.test(node[field])) {
				const stated = scoreField && typeof node[scoreField] === 'number' ? node[scoreField] : null;
				yield { vector: node[field], stated };
			}
		}
		for (const child of Object.values(node)) {
			yield* vectorsInJson(child);
		}
	}
}

function* vectorsInText(text) {
	for (const line of text.split('\n')) {
		const match = TEXT_FIELD.exec(line);
		if (match && LOOKS_LIKE_VECTOR.test(match[2])) {
			yield { vector: match[2], stated: null };
		}
	}
}

function missingBaseMetrics(vector) {
	const prefix = /^CVSS:([0-9.]+)\//.exec(vector);
	const version = prefix ? prefix[1] : '2.0';
	if (!VERSIONS[version]) {
		return 'unknown version';
	}
	const given = new Set(componentsOf(vector).map((component) => component.split(':')[0]));
	const missing = metrics(version).filter((m) => m.base && !given.has(m.name)).map((m) => m.name);
	return missing.length ? `missing ${missing.join(',')}` : '';
}

function harvest(root) {
	const fs = require('fs');
	const path = require('path');
	const found = new Map();
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				walk(file);
				continue;
			}
			if (!/\.(json|ya?ml|toml|md)$/.test(entry.name)) {
				continue;
			}
			const text = fs.readFileSync(file, 'utf8');
			let hits;
			if (entry.name.endsWith('.json')) {
				try {
					hits = [...vectorsInJson(JSON.parse(text))];
				} catch (e) {
					continue; // not JSON after all
				}
			} else {
				hits = [...vectorsInText(text)];
			}
			for (const { vector, stated } of hits) {
				const row = found.get(vector) ?? { count: 0, stated: new Set(), file: path.relative(root, file) };
				row.count++;
				if (stated !== null) {
					row.stated.add(stated);
				}
				found.set(vector, row);
			}
		}
	};
	walk(root);
	const out = [];
	for (const vector of [...found.keys()].sort()) {
		const row = found.get(vector);
		const missing = missingBaseMetrics(vector);
		const stated = [...row.stated].sort((a, b) => a - b).join(',');
		out.push([vector, missing ? '-' : score(vector), stated, row.count, row.file].join('\t'));
	}
	return out;
}

function main() {
	const [command, argument] = process.argv.slice(2);
	const out = [];
	if (command === 'generate') {
		for (const vector of generate(Number(argument ?? 20240601))) {
			out.push(`${vector}\t${score(vector)}`);
		}
	} else if (command === 'score') {
		const input = require('fs').readFileSync(0, 'utf8');
		for (const vector of input.split('\n').filter((line) => line !== '')) {
			out.push(`${vector}\t${score(vector)}`);
		}
	} else if (command === 'harvest' && argument) {
		out.push(...harvest(argument));
	} else {
		process.stderr.write('usage: node oracle.js generate [SEED] | score < vectors | harvest DIR\n');
		process.exit(2);
	}
	process.stdout.write(out.join('\n') + '\n');
}

main();
