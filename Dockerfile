# The suite as an image (docs/deploy.md):
#   docker build -t llm-perf-specs .
#   docker run --rm -e BASE=http://llm:8000 -e MODEL=... -v llm-perf-results:/app/results llm-perf-specs
# BASE_IMAGE: any image with Node 20.18+ (or 22) and npm on PATH and a user `node` (uid 1000);
# where no registry can be reached, deploy/container/build-local-base.sh builds one from
# Debian's packages.
ARG BASE_IMAGE=node:20-slim
FROM ${BASE_IMAGE}

WORKDIR /app
RUN mkdir -p /app/results && chown -R node:node /app
# Unprivileged from here on: npm ci runs as node too, so node_modules is the user's own.
USER node

# Dependencies first, so the layer is reused while only the suite's files change. npm can exit 0
# after failing ("Exit handler never called!"): running vitest proves the install.
# npm_config_cache and npm_config_offline (build args) install from a filled npm cache without
# network, as the container test does (docs/deploy.md).
COPY --chown=node:node package.json package-lock.json .npmrc ./
ARG npm_config_cache
ARG npm_config_offline
RUN npm ci --no-audit --no-fund && node_modules/.bin/vitest --version && rm -rf /home/node/.npm

COPY --chown=node:node tsconfig.json vitest.config.ts ./
COPY --chown=node:node helpers ./helpers
COPY --chown=node:node specs ./specs
COPY --chown=node:node fixtures ./fixtures
# The helpers' bundles (docs/layout.md#pre-built-helpers), built now so that no run pays for
# them: `vitest list` loads the config, which builds them, and runs no test.
RUN node_modules/.bin/vitest list --filesOnly --project smoke --project load > /dev/null

# No TTY in a container: JUnit beside summary.json and report.html, one file set per run.
ENV RESULTS_DIR=/app/results \
    JUNIT=1
VOLUME ["/app/results"]

# The smoke and load projects: `npx vitest run specs` would also run the helper test
# helpers/scenario/load-specs.process.test.ts (its name matches the filter) first.
CMD ["npx", "vitest", "run", "--project", "smoke", "--project", "load"]
