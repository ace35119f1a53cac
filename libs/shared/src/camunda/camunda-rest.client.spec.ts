import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { TransientError } from '../errors/transient-error';
import { CamundaRestClient, CamundaRestError } from './camunda-rest.client';

describe('CamundaRestClient', () => {
  let server: Server;
  let sut: CamundaRestClient;
  const answers: Record<string, { status: number; body: string }> = {
    '/engine-rest/gone': {
      status: 500,
      body: '{"type":"NullValueException","message":"No external task found with id 1"}',
    },
    '/engine-rest/busy': {
      status: 500,
      body: '{"type":"OptimisticLockingException","message":"was updated by another transaction"}',
    },
    '/engine-rest/proxy': { status: 502, body: '<html>Bad Gateway</html>' },
    '/engine-rest/missing': {
      status: 404,
      body: '{"type":"InvalidRequestException","message":"Process definition not found"}',
    },
    '/engine-rest/ok': { status: 200, body: '{"version":"7.24.0"}' },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const answer = answers[req.url ?? ''] ?? { status: 404, body: '{}' };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sut = new CamundaRestClient(
      { index: 1, name: 'node1', url: `http://127.0.0.1:${port}/engine-rest` },
      2_000,
    );
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('parses JSON answers', async () => {
    await expect(sut.get('/ok')).resolves.toEqual({ version: '7.24.0' });
  });

  it("treats a 5xx carrying Camunda's exception type as the engine's verdict, not an outage", async () => {
    await expect(sut.get('/gone')).rejects.toThrow(CamundaRestError);
    await expect(sut.get('/gone')).rejects.toThrow(/node1: GET \/gone answered 500: No external task found/);
  });

  it('retries contention inside the engine and 5xx answers without a Camunda body', async () => {
    await expect(sut.get('/busy')).rejects.toThrow(TransientError);
    await expect(sut.get('/proxy')).rejects.toThrow(TransientError);
  });

  it('reports 4xx as CamundaRestError with the status', async () => {
    await expect(sut.get('/missing')).rejects.toMatchObject({
      status: 404,
      camundaType: 'InvalidRequestException',
    });
  });

  it('reports an unreachable node as transient, naming the node', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = new CamundaRestClient(
      { index: 2, name: 'node2', url: `http://127.0.0.1:${port}/engine-rest` },
      2_000,
    );

    await expect(down.get('/version')).rejects.toThrow(
      /Camunda node node2: GET \/version failed: ECONNREFUSED/,
    );
  });
});
