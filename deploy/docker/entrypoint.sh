#!/bin/sh
# Starts one Countersign service from the image built by deploy/docker/Dockerfile: router | review | feedback | audit.
# Migrations run on start under a Postgres advisory lock (libs/platform/src/database/run-migrations-exclusively.ts),
# so replicas starting together wait for one another instead of racing.
set -eu
service="${1:-}"
case "$service" in
  router | review | feedback | audit) ;;
  *)
    echo "usage: countersign router|review|feedback|audit (got '${service}')" >&2
    exit 64
    ;;
esac
# The services' Node/V8 flags (heap sizing), shared with every other way of starting them; unquoted on purpose: one
# word per flag.
# shellcheck disable=SC2046
exec node $(sed 's/#.*//' deploy/service-node-flags) "dist/services/${service}/services/${service}/src/main.js"
