#!/usr/bin/env bash
# Fetches Apache Kafka's jars from Maven Central into .cache/kafka/<version>/libs, once per version.
# The published POMs leave out a logging backend, so each version gets the one it was built for.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.sh

dep() { printf '    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>\n' "$1" "$2" "$3"; }

deps_for() {
  local v=$1
  case "$v" in
    4.*)
      dep org.apache.kafka kafka_2.13 "$v"
      dep org.apache.kafka kafka-tools "$v"
      dep org.apache.kafka connect-mirror "$v"
      dep org.apache.logging.log4j log4j-slf4j-impl 2.25.3
      dep org.apache.logging.log4j log4j-core 2.25.3 ;;
    3.*)
      dep org.apache.kafka kafka_2.13 "$v"
      dep org.apache.kafka kafka-tools "$v"
      dep org.slf4j slf4j-reload4j 1.7.36
      dep ch.qos.reload4j reload4j 1.2.25 ;;
    2.*)
      dep org.apache.kafka kafka_2.13 "$v"
      dep org.slf4j slf4j-log4j12 1.7.30
      dep log4j log4j 1.2.17 ;;
  esac
}

install_version() {
  local v=$1 dir=.cache/kafka/$1
  local pom
  pom=$(printf '<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>local</groupId><artifactId>kafka-%s</artifactId><version>1</version><packaging>pom</packaging>\n  <dependencies>\n%s\n  </dependencies>\n</project>\n' "$v" "$(deps_for "$v")")
  if [ -f "$dir/complete" ] && [ "$(cat "$dir/complete")" = "$(printf '%s' "$pom" | sha256sum | cut -d' ' -f1)" ]; then
    return 0
  fi
  echo "setup: fetching Apache Kafka $v from Maven Central" >&2
  rm -rf "$dir" && mkdir -p "$dir"
  printf '%s' "$pom" > "$dir/pom.xml"
  mvn -B -q -f "$dir/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory=libs >&2
  printf '%s' "$pom" | sha256sum | cut -d' ' -f1 > "$dir/complete"
}

for v in "$KAFKA_TARGET_VERSION" "$KAFKA_SOURCE_VERSION" "$KAFKA_LEGACY_VERSION"; do install_version "$v"; done
