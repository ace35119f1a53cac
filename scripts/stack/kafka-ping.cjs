// CommonJS on purpose (.cjs): it must run whatever "type" the root package.json declares.
// Health check for the stack's broker: sends an ApiVersions v0 request and exits 0 on a
// well-formed reply with error code 0. Plain TCP, no dependencies, so it works before npm install.
'use strict';
const net = require('node:net');

const [host = '127.0.0.1', port = '9092', timeoutMs = '2000'] = process.argv.slice(2);
const clientId = Buffer.from('flowpilot-stack');
const header = Buffer.alloc(10);
header.writeInt16BE(18, 0); // api key: ApiVersions
header.writeInt16BE(0, 2); // api version 0
header.writeInt32BE(1, 4); // correlation id
header.writeInt16BE(clientId.length, 8);
const body = Buffer.concat([header, clientId]);
const size = Buffer.alloc(4);
size.writeInt32BE(body.length, 0);

const socket = net.connect({ host, port: Number(port) });
const done = (code) => {
  socket.destroy();
  process.exit(code);
};
socket.setTimeout(Number(timeoutMs), () => done(2));
socket.on('error', () => done(1));
socket.on('connect', () => socket.write(Buffer.concat([size, body])));
let received = Buffer.alloc(0);
socket.on('data', (chunk) => {
  received = Buffer.concat([received, chunk]);
  if (received.length < 10) return;
  const correlationId = received.readInt32BE(4);
  const errorCode = received.readInt16BE(8);
  done(correlationId === 1 && errorCode === 0 ? 0 : 3);
});
