// Runs plugins/editor/static/pelican-meta.js for tests/editor/test_format.py.
// stdin: {"fields": [[name, Key], ...], "jobs": [{"op": ..., "text": ..., "edit": {...}}]}
// stdout: [{"text": ..., "data": ...}] in the same order.
'use strict';
const path = require('path');
const meta = require(path.join(__dirname, '..', '..', 'plugins', 'editor', 'static', 'pelican-meta.js'));

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const request = JSON.parse(input);
  const format = meta.formatter(request.fields);
  const results = request.jobs.map((job) => {
    if (job.op === 'create') {
      return { text: format.toFile(job.data) };
    }
    const data = format.fromFile(job.text);
    Object.assign(data, job.edit || {});
    const shown = Object.assign({}, data);
    delete shown[meta.SOURCE];
    return { text: format.toFile(data), data: shown };
  });
  process.stdout.write(JSON.stringify(results));
});
