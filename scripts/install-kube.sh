exit 0  # filled in by the Kubernetes test-cluster work
