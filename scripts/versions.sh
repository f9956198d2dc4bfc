# The versions of every external tool the project installs, in one place.
# Sourced by scripts/setup.sh and its parts; test helpers read the same file (test/helpers/versions.ts).
KAFKA_TARGET_VERSION=4.1.2
KAFKA_SOURCE_VERSION=3.9.1
KAFKA_LEGACY_VERSION=2.6.0
KUBERNETES_VERSION=v1.36.3
ETCD_VERSION=v3.6.16
HELM_VERSION=v3.22.0
