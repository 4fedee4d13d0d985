// Answers version questions with node-semver (the module path is argv[2]): reads
// "compare<TAB>a<TAB>b" and "satisfies<TAB>version<TAB>range" lines, prints one answer per line:
// -1/0/1 or true/false, "invalid" when node-semver refuses the version or the range.
'use strict'
const semver = require(process.argv[2])
const lines = require('fs').readFileSync(0, 'utf8').split('\n')
const out = []
for (const line of lines.slice(0, lines.length - 1)) {
  const [kind, a, b] = line.split('\t')
  if (kind === 'compare') {
    out.push(semver.valid(a) === null || semver.valid(b) === null ? 'invalid' : String(semver.compare(a, b)))
    continue
  }
  if (semver.valid(a) === null) {
    out.push('invalid')
    continue
  }
  let range
  try {
    range = new semver.Range(b)
  } catch (e) {
    out.push('invalid')
    continue
  }
  out.push(String(range.test(a)))
}
process.stdout.write(out.join('\n') + '\n')
