/**
 * The Go source of the Knative controller the local cluster runs, written into the build module as
 * cmd/controller/main.go: knative.dev/serving/cmd/controller with its health-probe server off (why: see
 * the Go comment). Kept as text because nothing else in this repository is Go.
 */
export const CONTROLLER_MAIN_GO = `// Knative Serving's controller (knative.dev/serving/cmd/controller at the version knative-build.ts
// pins), for a local process beside the autoscaler: the same reconcilers, with the health-probe
// server turned off. In a cluster it serves kubelet probes on :8080 in its own pod; on one host it
// would take :8080 from the autoscaler, whose stats server has that port hard-coded, and there is no
// kubelet here to probe it. The net-certmanager controller (off unless config-network asks for it)
// is left out.
package main

import (
	"flag"

	"knative.dev/pkg/injection"
	"knative.dev/pkg/injection/sharedmain"
	"knative.dev/pkg/reconciler"
	"knative.dev/pkg/signals"
	"knative.dev/serving/pkg/reconciler/configuration"
	"knative.dev/serving/pkg/reconciler/domainmapping"
	"knative.dev/serving/pkg/reconciler/gc"
	"knative.dev/serving/pkg/reconciler/labeler"
	"knative.dev/serving/pkg/reconciler/nscert"
	"knative.dev/serving/pkg/reconciler/revision"
	"knative.dev/serving/pkg/reconciler/route"
	"knative.dev/serving/pkg/reconciler/serverlessservice"
	"knative.dev/serving/pkg/reconciler/service"
)

var ctors = []injection.ControllerConstructor{
	configuration.NewController,
	labeler.NewController,
	revision.NewController,
	route.NewController,
	serverlessservice.NewController,
	service.NewController,
	gc.NewController,
	nscert.NewController,
	domainmapping.NewController,
}

func main() {
	flag.DurationVar(&reconciler.DefaultTimeout,
		"reconciliation-timeout", reconciler.DefaultTimeout,
		"The amount of time to give each reconciliation of a resource to complete before its context is canceled.")
	ctx := sharedmain.WithHealthProbesDisabled(signals.NewContext())
	cfg := injection.ParseAndGetRESTConfigOrDie()
	sharedmain.MainWithConfig(ctx, "controller", cfg, ctors...)
}
`;
