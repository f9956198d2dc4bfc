#!/usr/bin/env bash
# Builds a real Kubernetes control plane (kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl), etcd and helm from the Go module proxy into .cache/kube/bin, each only on a cache miss.
# There is no Docker engine nor a release download site here: only the module proxy is reachable.
#
# Cache key: .cache/kube/bin/<name>.version holds the version a binary was built from; a binary is
# rebuilt only when it or its marker is missing or the version differs (scripts/versions.sh).
# The Go module and build caches are Go's own (GOMODCACHE/GOCACHE), shared with everything else.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.sh

root=$PWD
cache=$root/.cache/kube
bin=$cache/bin
log=$root/.run/install-kube.log
mkdir -p "$bin" "$root/.run"
# Refuse a silent toolchain download: the wrapper modules build with the machine's Go.
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false

kube_components=(kube-apiserver kube-controller-manager kube-scheduler kubectl)

is_current() { # name version
  [ -x "$bin/$1" ] && [ -f "$bin/$1.version" ] && [ "$(cat "$bin/$1.version")" = "$2" ]
}

mark() { printf '%s\n' "$2" > "$bin/$1.version"; }

# Runs a noisy step with its output in the log; on failure shows the log's tail.
quiet() {
  if ! "$@" >> "$log" 2>&1; then
    echo "install-kube: failed: $* (see $log)" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
}

# k8s.io/kubernetes cannot be `go install`ed: its go.mod points its staging modules (k8s.io/api,
# k8s.io/client-go, ...) at ./staging. A wrapper module replaces each with its published v0.<minor>.<patch>.
prepare_kube_module() {
  local mod=$cache/src/kube-$KUBERNETES_VERSION
  [ -f "$mod/.ready" ] && { echo "$mod"; return; }
  rm -rf "$mod" && mkdir -p "$mod"
  local staging=v0.${KUBERNETES_VERSION#v1.}
  (
    cd "$mod"
    quiet go mod init kubebuild
    local upstream
    upstream=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
    [ -f "$upstream" ] || { echo "install-kube: no go.mod for k8s.io/kubernetes@$KUBERNETES_VERSION" >&2; exit 1; }
    # Every k8s.io/* module upstream requires at v0.0.0 is a staging module.
    awk '/^require \(/{blk=1; next} blk && /^\)/{blk=0; next}
         blk {print $1, $2} /^require [^(]/{print $2, $3}' "$upstream" |
      awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print $1}' | sort -u |
      while read -r m; do go mod edit -replace "$m=$m@$staging"; done
    go mod edit -require "k8s.io/kubernetes@$KUBERNETES_VERSION"
    {
      echo '//go:build tools'
      echo
      echo '// Package tools pins the Kubernetes commands this module builds.'
      echo 'package tools'
      echo
      echo 'import ('
      for c in "${kube_components[@]}"; do echo "	_ \"k8s.io/kubernetes/cmd/$c\""; done
      echo ')'
    } > tools.go
    quiet go mod tidy
    touch .ready
  ) >&2
  echo "$mod"
}

build_kube() {
  local missing=()
  for c in "${kube_components[@]}"; do is_current "$c" "$KUBERNETES_VERSION" || missing+=("$c"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local mod minor=${KUBERNETES_VERSION#v1.}
  minor=${minor%%.*}
  mod=$(prepare_kube_module)
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION"
  ldflags+=" -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
  for c in "${missing[@]}"; do
    local start=$SECONDS
    (cd "$mod" && quiet go build -trimpath -ldflags "$ldflags" -o "$bin/$c" "k8s.io/kubernetes/cmd/$c")
    mark "$c" "$KUBERNETES_VERSION"
    echo "install-kube: built $c $KUBERNETES_VERSION in $((SECONDS - start)) s" >&2
  done
}

build_etcd() {
  is_current etcd "$ETCD_VERSION" && return 0
  local start=$SECONDS mod=$cache/src/etcd-$ETCD_VERSION
  rm -rf "$mod" && mkdir -p "$mod"
  (
    cd "$mod"
    quiet go mod init etcdbuild
    printf '//go:build tools\n\n// Package tools pins the etcd server this module builds.\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' > tools.go
    quiet go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
    quiet go mod tidy
    quiet go build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3
  )
  mark etcd "$ETCD_VERSION"
  echo "install-kube: built etcd $ETCD_VERSION in $((SECONDS - start)) s" >&2
}

build_helm() {
  is_current helm "$HELM_VERSION" && return 0
  local start=$SECONDS
  # helm's source says "v3.22"; its release build stamps the full version, and so do we.
  GOBIN=$bin quiet go install -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  mark helm "$HELM_VERSION"
  echo "install-kube: built helm $HELM_VERSION in $((SECONDS - start)) s" >&2
}

command -v go >/dev/null || { echo "install-kube: Go is required (https://go.dev/dl)" >&2; exit 1; }
command -v openssl >/dev/null || { echo "install-kube: openssl is required (service-account keys)" >&2; exit 1; }
build_etcd
build_kube
build_helm
