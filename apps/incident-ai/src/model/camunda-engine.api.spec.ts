import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CamundaEngineApi } from './camunda-engine.api';

/** The node's answers as Camunda 7.24 gives them: a text body, or 204 with none when there is nothing to say. */
describe('CamundaEngineApi', () => {
  let server: Server;
  let sut: CamundaEngineApi;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/engine-rest/external-task/no-details/errorDetails')
        return void response.writeHead(204).end();
      if (request.url === '/engine-rest/job/no-trace/stacktrace') return void response.writeHead(204).end();
      response.writeHead(200, { 'content-type': 'text/plain' }).end('java.lang.IllegalStateException: boom');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sut = new CamundaEngineApi(
      [{ index: 1, name: 'node1', url: `http://127.0.0.1:${port}/engine-rest` }],
      2_000,
    );
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads no error details (204) as null rather than failing', async () => {
    await expect(sut.externalTaskErrorDetails('node1', 'no-details')).resolves.toBeNull();
    await expect(sut.jobStackTrace('node1', 'no-trace')).resolves.toBeNull();
  });

  it('returns the details a worker or job left', async () => {
    await expect(sut.externalTaskErrorDetails('node1', 'with-details')).resolves.toBe(
      'java.lang.IllegalStateException: boom',
    );
  });
});
