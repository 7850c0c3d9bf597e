// An HTTP proxy that injects faults, for the sync engine's fault tests.
//
//   node fault-proxy.mjs --target PORT [--port PORT] [--seed N] [--rate R]
//                        [--faults KIND,KIND...] [--max-delay MS] [--exit-with-stdin]
//
// Listens on 127.0.0.1 (port 0 or none: any free port), prints one line
// "listening PORT" once it accepts connections, and forwards each request
// to the server on 127.0.0.1:TARGET, keeping the Host header so the
// server's links point back through the proxy. With probability RATE
// (0 to 1, default 0.3; also FAULT_PROXY_RATE, FAULT_PROXY_SEED, and
// FAULT_PROXY_MAX_DELAY for --max-delay) a request
// meets one fault, chosen evenly among the KINDs (all by default):
//
//   drop    the connection is closed before the request reaches the server
//   delay   the request waits 10 % to 100 % of --max-delay (default 3000 ms)
//           before it is forwarded; it is forwarded even when the client
//           has given up meanwhile
//   503     503 Service Unavailable with Retry-After: 0 or 1; not forwarded
//   429     429 Too Many Requests with Retry-After: 0 or 1; not forwarded
//   cut     forwarded and applied; the answer's headers and half its body
//           are sent, then the connection is closed
//   lost    forwarded and applied; the connection is closed before any of
//           the answer is sent (a lost response: a retry must not duplicate)
//
// The faults follow a pseudo-random sequence from SEED (default 1), one
// draw per request in the order requests arrive.
//
// Control, never faulted (any path ending in /$faults):
//   POST .../$faults?rate=R[&seed=N][&faults=KIND,...]  changes the settings
//   GET  .../$faults      {"rate", "seed", "requests", "faults": {KIND: N}}

import http from 'node:http';

const KINDS = ['drop', 'delay', '503', '429', 'cut', 'lost'];

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  if (index >= 0 && index + 1 < process.argv.length) {
    return process.argv[index + 1];
  }
  return fallback;
}

function parseKinds(text) {
  const kinds = text.split(',').map((kind) => kind.trim()).filter(Boolean);
  for (const kind of kinds) {
    if (!KINDS.includes(kind)) {
      throw new Error(`unknown fault kind: ${kind} (known: ${KINDS.join(', ')})`);
    }
  }
  if (kinds.length === 0) {
    throw new Error('no fault kinds');
  }
  return kinds;
}

function parseRate(text) {
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new Error(`rate must be between 0 and 1: ${text}`);
  }
  return rate;
}

// mulberry32: small, fast and the same on every machine.
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

const target = Number(option('target', process.env.FAULT_PROXY_TARGET ?? ''));
if (!Number.isInteger(target) || target <= 0 || target > 65535) {
  console.error('fault-proxy: --target PORT is required');
  process.exit(2);
}

const settings = {
  seed: Number(option('seed', process.env.FAULT_PROXY_SEED ?? '1')) >>> 0,
  rate: parseRate(option('rate', process.env.FAULT_PROXY_RATE ?? '0.3')),
  kinds: parseKinds(option('faults', KINDS.join(','))),
  maxDelay: Number(option('max-delay', process.env.FAULT_PROXY_MAX_DELAY ?? '3000')),
};
let draw = random(settings.seed);
let requests = 0;
const counts = Object.fromEntries(KINDS.map((kind) => [kind, 0]));

function chooseFault() {
  const roll = draw();
  const pick = draw();
  const extra = draw();
  if (roll >= settings.rate) {
    return null;
  }
  return { kind: settings.kinds[Math.floor(pick * settings.kinds.length)], extra };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function forward(request, body) {
  return new Promise((resolve, reject) => {
    const headers = { ...request.headers };
    delete headers.connection;
    delete headers['keep-alive'];
    delete headers['transfer-encoding'];
    headers['content-length'] = body.length;
    const upstream = http.request({
      host: '127.0.0.1',
      port: target,
      method: request.method,
      path: request.url,
      headers,
      agent,
    }, async (answer) => {
      try {
        resolve({ status: answer.statusCode, headers: answer.headers, body: await readBody(answer) });
      } catch (error) {
        reject(error);
      }
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}

function answerHeaders(answer) {
  const headers = { ...answer.headers };
  delete headers.connection;
  delete headers['keep-alive'];
  delete headers['transfer-encoding'];
  headers['content-length'] = answer.body.length;
  return headers;
}

function outcome(status, code, text, extraHeaders = {}) {
  const body = Buffer.from(JSON.stringify({
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, details: { text } }],
  }));
  return {
    status,
    headers: { 'content-type': 'application/fhir+json; charset=utf-8', ...extraHeaders },
    body,
  };
}

function send(response, answer) {
  response.writeHead(answer.status, answerHeaders(answer));
  response.end(answer.body);
}

function control(request, response, url) {
  if (request.method === 'POST') {
    try {
      const rate = url.searchParams.get('rate');
      const seed = url.searchParams.get('seed');
      const kinds = url.searchParams.get('faults');
      if (rate !== null) {
        settings.rate = parseRate(rate);
      }
      if (kinds !== null) {
        settings.kinds = parseKinds(kinds);
      }
      if (seed !== null) {
        settings.seed = Number(seed) >>> 0;
        draw = random(settings.seed);
      }
    } catch (error) {
      send(response, outcome(400, 'invalid', error.message));
      return;
    }
  } else if (request.method !== 'GET') {
    send(response, outcome(405, 'not-supported', 'GET or POST'));
    return;
  }
  const body = Buffer.from(JSON.stringify({
    rate: settings.rate,
    seed: settings.seed,
    kinds: settings.kinds,
    requests,
    faults: counts,
  }));
  send(response, { status: 200, headers: { 'content-type': 'application/json' }, body });
}

async function handle(request, response) {
  const url = new URL(request.url, 'http://localhost');
  const body = await readBody(request);
  if (url.pathname.endsWith('/$faults')) {
    control(request, response, url);
    return;
  }
  requests++;
  const fault = chooseFault();
  if (fault) {
    counts[fault.kind]++;
  }
  const socket = request.socket;
  switch (fault?.kind) {
    case 'drop':
      socket.destroy();
      return;
    case '503':
      send(response, outcome(503, 'transient', 'Service unavailable (injected)',
        { 'retry-after': fault.extra < 0.5 ? '0' : '1' }));
      return;
    case '429':
      send(response, outcome(429, 'throttled', 'Too many requests (injected)',
        { 'retry-after': fault.extra < 0.5 ? '0' : '1' }));
      return;
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, settings.maxDelay * (0.1 + 0.9 * fault.extra)));
      break;
    default:
      break;
  }

  let answer;
  try {
    answer = await forward(request, body);
  } catch (error) {
    answer = outcome(502, 'transient', `Bad gateway: ${error.code ?? error.message}`);
  }
  if (socket.destroyed) {
    return;
  }
  switch (fault?.kind) {
    case 'lost':
      socket.destroy();
      return;
    case 'cut': {
      const half = Math.floor(answer.body.length / 2);
      response.writeHead(answer.status, answerHeaders(answer));
      response.write(answer.body.subarray(0, half), () => socket.destroy());
      return;
    }
    default:
      send(response, answer);
  }
}

const server = http.createServer((request, response) => {
  handle(request, response).catch((error) => {
    console.error(`fault-proxy: ${error?.message ?? error}`);
    request.socket.destroy();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(Number(option('port', '0')), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});

if (process.argv.includes('--exit-with-stdin')) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => process.exit(0));
}
