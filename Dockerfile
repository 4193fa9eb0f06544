# ack-virtual-node: the controller (default command) and the eci-profile webhook (`webhook`).
#   docker build -t ack-virtual-node:0.1.0 .
#   docker run --rm ack-virtual-node:0.1.0 controller --help
ARG NODE_IMAGE=node:24-alpine

# --- build: compile the TypeScript ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the only install scripts are dev tools' (the `node` devDependency would fetch a
# second, glibc-only Node binary). Without its script it links nothing; the rm makes sure npm
# scripts (tsc) run on the image's own node.
RUN npm ci --ignore-scripts --no-audit --no-fund && rm -f node_modules/.bin/node
# Only the product: the development tools (test/cluster: the local control plane; bench/) are not in
# the build context (.dockerignore) and tsconfig.build.json compiles src/ and providers/ alone.
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY providers ./providers
RUN npm run build

# --- production dependencies only (no typescript, jest, or the `node` devDependency) ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Source maps of dependencies are ~15 MB nobody reads in production.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && find node_modules -name '*.map' -delete \
 && npm cache clean --force

# --- runtime ---
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
# package.json carries "type": "module", which the compiled ESM needs.
COPY --from=deps /app/package.json ./package.json
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/providers ./dist/providers
# The chart runs as UID 10001 with a read-only root filesystem; the image says the same.
USER 10001:10001
# 10250: kubelet API (HTTPS), 10255: /metrics /healthz /readyz, 9443: webhook (HTTPS).
EXPOSE 10250 10255 9443
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["controller"]
