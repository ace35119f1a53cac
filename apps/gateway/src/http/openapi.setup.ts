import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document is generated from the controllers and served with Swagger UI at /docs (JSON at /docs-json). */
export function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Flowpilot API')
      .setDescription(
        [
          "The integrators' REST API of Flowpilot, an operations copilot for Camunda 7 fleets.",
          '',
          'Every `/api` route needs an API key in `X-API-Key` (or `Authorization: Bearer`). Scopes: `read` < `write` < `admin`.',
          'Errors are `{ code, message, details }`: 400 invalid input, 401 missing/unknown key, 403 scope, 404, 409, 413 body too large, 429 rate limit (`Retry-After`).',
          'Lists take `limit` (≤ 200), `offset` and `sort` (`field` or `-field`) and answer `{ data, page: { limit, offset, total } }`.',
          'Webhook deliveries are signed: `X-Flowpilot-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.',
        ].join('\n'),
      )
      .setVersion('1')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Flowpilot API',
  });
}
