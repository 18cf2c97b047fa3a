#!/usr/bin/env node
// A loopback-only HTTP proxy that adds `Authorization: Bearer <token>` to every
// request and forwards it to a target URL, streaming responses (SSE included)
// back unchanged. The conformance CLI (0.1 and 0.2) has no option for extra headers or
// a bearer token in server mode, so this is how it reaches the gateway's /mcp.
//
//   TOKEN=... node auth-proxy.mjs --target http://127.0.0.1:8750/mcp [--port 0]
//   node auth-proxy.mjs --target URL --token-file PATH [--port N]
//
// The first stdout line is the proxy's URL (same path as the target). The token is
// taken from $TOKEN or a file, never from argv (argv is visible to every user).
//
// Host and Origin: a request that names the proxy itself (a loopback name with the
// proxy's port) is rewritten to name the target, so it reaches the gateway as the
// same loopback name with the gateway's port. Any other Host/Origin is forwarded
// untouched, so the suite's DNS-rebinding scenario still tests the gateway.
//
// Also usable as a module: `const p = await startAuthProxy({ target, token })`
// -> { url, port, close() }.
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection',
  'te', 'trailer', 'transfer-encoding', 'upgrade',
]);

export function isLoopbackHost(hostname) {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

// Split "name:port" / "[v6]:port" / "name" into { name, port } (port '' if absent).
function splitHost(value) {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(value ?? '');
  return m ? { name: m[1], port: m[2] ?? '' } : null;
}

function withoutHopByHop(headers) {
  const listed = new Set(String(headers.connection ?? '').toLowerCase().split(',').map((s) => s.trim()).filter(Boolean));
  const out = {};
  for (const [k, v] of Object.entries(headers)) {
    const key = k.toLowerCase();
    if (!HOP_BY_HOP.has(key) && !listed.has(key)) out[key] = v;
  }
  return out;
}

export async function startAuthProxy({ target, token, port = 0, host = '127.0.0.1' }) {
  const t = new URL(target);
  if (t.protocol !== 'http:' && t.protocol !== 'https:') throw new Error(`target must be http(s): ${target}`);
  if (!isLoopbackHost(t.hostname)) throw new Error(`target must be a loopback address: ${t.hostname}`);
  if (!isLoopbackHost(host)) throw new Error(`the proxy listens on loopback only, not ${host}`);
  if (!token || /[\r\n]/.test(token)) throw new Error('a single-line token is required');
  const client = t.protocol === 'https:' ? https : http;
  const targetPort = t.port || (t.protocol === 'https:' ? '443' : '80');
  let proxyPort = '';

  // A loopback name with our port (or none) -> the same name with the target's port.
  const retarget = (name, portPart) =>
    (isLoopbackHost(name) && (portPart === proxyPort || portPart === '') ? `${name}:${targetPort}` : null);

  const server = http.createServer((req, res) => {
    const headers = withoutHopByHop(req.headers);
    const h = splitHost(req.headers.host);
    headers.host = (h && retarget(h.name, h.port)) ?? req.headers.host ?? t.host;
    if (req.headers.origin) {
      try {
        const o = new URL(req.headers.origin);
        const r = o.protocol === 'http:' ? retarget(o.hostname, o.port) : null;
        if (r) headers.origin = `${t.protocol}//${r}`;
      } catch { /* not a URL (e.g. "null"): forward unchanged */ }
    }
    headers.authorization = `Bearer ${token}`;

    const upstream = client.request({
      protocol: t.protocol, hostname: t.hostname, port: targetPort,
      method: req.method, path: req.url, headers,
    }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.statusMessage, withoutHopByHop(up.headers));
      res.flushHeaders();                                  // SSE: headers now, events as they come
      up.pipe(res);
      up.on('error', () => res.destroy());
      up.on('aborted', () => res.destroy());
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`auth-proxy: upstream error: ${e.code ?? e.message}\n`);
      } else {
        res.destroy();
      }
    });
    // The client went away (e.g. closed an SSE stream): drop the upstream request too.
    res.on('close', () => { if (!res.writableFinished) upstream.destroy(); });
    req.pipe(upstream);
  });
  server.requestTimeout = 0;                               // SSE streams may be long
  server.keepAliveTimeout = 5000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  proxyPort = String(server.address().port);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostPart}:${proxyPort}${t.pathname}${t.search}`,
    port: Number(proxyPort),
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections?.(); }),
  };
}

// ---------------------------------------------------------------- command line
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const target = opt('--target');
  const tokenFile = opt('--token-file');
  if (!target || args.includes('--token')) {
    process.stderr.write('usage: TOKEN=... auth-proxy.mjs --target URL [--port N] | --token-file PATH\n');
    process.exit(2);
  }
  const token = (tokenFile ? readFileSync(tokenFile, 'utf8') : process.env.TOKEN ?? '').trim();
  try {
    const p = await startAuthProxy({ target, token, port: Number(opt('--port') ?? 0) });
    process.stdout.write(`${p.url}\n`);
    const stop = () => p.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  } catch (e) {
    process.stderr.write(`auth-proxy: ${e.message}\n`);
    process.exit(1);
  }
}
