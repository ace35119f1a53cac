import { CamundaFleet } from '@flowpilot/shared';
import { CamundaEngineApi } from './camunda-engine.api';

/** The node's answers as Camunda 7.24 gives them: a text body, or 204 with none when there is nothing to say. */
describe('CamundaEngineApi', () => {
  const sut = new CamundaEngineApi(
    new CamundaFleet({
      nodes: [{ index: 1, name: 'node1', url: 'http://node1.invalid/engine-rest' }],
      requestTimeoutMs: 2_000,
    }),
  );

  // The node answers through a stubbed fetch: a unit spec opens no socket.
  beforeEach(() => {
    jest.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = input.toString();
      if (url === 'http://node1.invalid/engine-rest/external-task/no-details/errorDetails')
        return new Response(null, { status: 204 });
      if (url === 'http://node1.invalid/engine-rest/job/no-trace/stacktrace')
        return new Response(null, { status: 204 });
      return new Response('java.lang.IllegalStateException: boom', {
        status: 200,
        headers: { 'content-type': 'text/plain' },
      });
    });
  });
  afterEach(() => jest.restoreAllMocks());

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
