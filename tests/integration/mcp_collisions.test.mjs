// Two servers exposing the same name: a collision is an error, never an override.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGatewaySafe, connect, fixture, logLines, textOf } from './lib/mcp.mjs';

test('a tool name offered by two servers is withheld from the list and refused, not routed to either', async (t) => {
  const gw = await startGatewaySafe({
    limits: { callTimeoutMs: 10000 },
    mcpServers: {
      one: fixture('echo-raw.mjs', { prefix: '' }),
      two: fixture('echo-server.mjs', { prefix: '' }),
      three: fixture('echo-server.mjs'),
    },
  });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const s = await connect(gw);
  t.after(() => s.client.close());
  const names = (await s.client.listTools()).tools.map((x) => x.name).sort();
  assert.deepEqual(names, ['three__echo'], 'the unprefixed "echo" of one and two is withheld');
  await assert.rejects(s.client.callTool({ name: 'echo', arguments: { text: 'x' } }), /more than one server/);
  assert.equal(textOf(await s.client.callTool({ name: 'three__echo', arguments: { text: 'y' } })), 'y');
  assert.ok(logLines(gw, /name collision/).length >= 1, 'the collision is logged');
  // The reviewer sees it among what waits, with both servers and the way out.
  const pending = gw.cli(['tools', 'pending']).stdout;
  assert.match(pending, /^collides\s+tool\s+echo\s+(one,two|two,one)\s+.*"prefix"/m, pending);
  assert.doesNotMatch(pending, /three__echo/, 'a name one server offers is no collision');
});
