# syntax=docker/dockerfile:1
# One image recipe for every Flowpilot app:
#   docker build --build-arg APP=gateway -t flowpilot-gateway .
# APP picks the default entry point (collector, analyzer, incident-ai,
# bpmn-generator, workers, gateway); the image holds all of dist/, so any app
# can also be run from it by overriding the command, as the Helm chart does.
ARG NODE_IMAGE=node:26-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: nothing Flowpilot needs builds native code.
RUN npm ci --no-audit --no-fund --ignore-scripts

FROM deps AS build
ARG APP=gateway
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
# Topic creation (docker-compose's one-shot) runs from this stage: it reads the TypeScript catalogue.
COPY scripts/create-topics.js ./scripts/
RUN npm run build
RUN test -f "dist/apps/${APP}/src/main.js" || { echo "APP=${APP} is not a Flowpilot app (apps/<name>)" >&2; exit 1; }
# The runtime tree: compiled code plus the apps' static assets (apps/<app>/public).
RUN mkdir -p /out/apps \
 && cp -r dist package.json /out/ \
 && for assets in apps/*/public; do if [ -d "$assets" ]; then mkdir -p "/out/$assets" && cp -r "$assets/." "/out/$assets/"; fi; done

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ARG APP=gateway
# Every container listens on 3000 unless HTTP_PORT says otherwise (each has its own network namespace).
ENV NODE_ENV=production \
    HTTP_PORT=3000 \
    OTEL_SERVICE_NAME=${APP}
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /out/ ./
# Owned by root and read-only for the app user: the container runs with a read-only root filesystem.
RUN ln -s "dist/apps/${APP}/src/main.js" /app/main.js
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HTTP_PORT + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The telemetry preload starts OpenTelemetry before the app loads http, express, kafkajs and pg.
ENTRYPOINT ["node", "--require", "./dist/libs/shared/src/telemetry/register.js"]
CMD ["main.js"]
