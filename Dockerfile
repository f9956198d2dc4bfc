# One image, two entrypoints: `worker` (the data path, run by the operator's StatefulSets) and
# `operator` (the control plane). Node 24 runs the TypeScript sources directly (type stripping):
# there is no build step, and what runs is what is reviewed.
#
#   docker build -t kafka-mirror-operator:0.1.0 .
#   docker run kafka-mirror-operator:0.1.0 operator
#
# test/unit/operator/dockerfile.test.ts checks that this ENTRYPOINT serves the arguments the operator
# puts in worker Pods (WORKER_COMMAND) and the chart in its Deployment (OPERATOR_COMMAND).

FROM node:24-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only; no install scripts run (none of them needs one).
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json main.ts ./
COPY src ./src
COPY operator ./operator
# The image's `node` user, by number: Kubernetes can only verify runAsNonRoot for a numeric user.
# Nothing is written at run time, so the Pods run with readOnlyRootFilesystem (and an emptyDir on /tmp).
USER 1000:1000
ENTRYPOINT ["node", "main.ts"]
