// Preloaded (node --require) into supergateway by bench/mcp/run.sh: supergateway
// has no bind-address option and listens on every interface; this pins any
// listen(port[, cb]) or listen({port}) without a host to 127.0.0.1 so that the
// benchmark never exposes it beyond loopback. It does nothing else.
'use strict';
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  } else if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined && !args[0].host && !args[0].path) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
