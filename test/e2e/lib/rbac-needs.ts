/**
 * Every Kubernetes API call the controller, the webhook and the simulator make, read from the code, as RBAC
 * requests; and requests the chart must NOT grant. The chart's RBAC is proven against both lists.
 *
 * Namespaces: RELEASE is where the chart is installed; ANY stands for every namespace (checked in
 * `default` and in the release namespace); undefined means the resource is cluster-scoped, or
 * (for list/watch of pods) all namespaces at once.
 */
export const RELEASE = '<release>';
export const ANY = '<any>';

export type Identity = 'controller' | 'webhook' | 'simulator';

export interface ApiRequest {
  who: Identity;
  verb: string;
  /** Resource with its API group when not core, e.g. `leases.coordination.k8s.io`. */
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  allNamespaces?: boolean;
  /** The code that makes the call, or why it must be refused. */
  why: string;
}

const controller = (r: Omit<ApiRequest, 'who'>): ApiRequest => ({ who: 'controller', ...r });
const webhook = (r: Omit<ApiRequest, 'who'>): ApiRequest => ({ who: 'webhook', ...r });
const simulator = (r: Omit<ApiRequest, 'who'>): ApiRequest => ({ who: 'simulator', ...r });

export const NEEDED: readonly ApiRequest[] = [
  controller({ verb: 'get', resource: 'nodes', why: 'src/node/controller.ts readNode' }),
  controller({ verb: 'create', resource: 'nodes', why: 'src/node/controller.ts createNode' }),
  controller({ verb: 'patch', resource: 'nodes', why: 'src/node/controller.ts patchNode' }),
  controller({ verb: 'list', resource: 'nodes', why: 'src/node/retire.ts zoneNodesOf (by label)' }),
  controller({
    verb: 'delete',
    resource: 'nodes',
    why: 'src/node/retire.ts deleteNode (empty removed zone)',
  }),
  controller({
    verb: 'patch',
    resource: 'nodes',
    subresource: 'status',
    why: 'src/node/controller.ts patchNodeStatus',
  }),
  ...['get', 'create', 'update'].map((verb) =>
    controller({
      verb,
      resource: 'leases.coordination.k8s.io',
      namespace: 'kube-node-lease',
      name: 'virtual-kubelet-cn-hangzhou-b',
      why: 'src/node/controller.ts node Lease (read/create/replaceNamespacedLease)',
    }),
  ),
  controller({
    verb: 'list',
    resource: 'pods',
    allNamespaces: true,
    why: 'src/pods/controller.ts listPodForAllNamespaces',
  }),
  controller({
    verb: 'watch',
    resource: 'pods',
    allNamespaces: true,
    why: 'src/kube/informer.ts watch /api/v1/pods',
  }),
  controller({
    verb: 'delete',
    resource: 'pods',
    namespace: ANY,
    why: 'src/pods/controller.ts deleteNamespacedPod',
  }),
  controller({
    verb: 'patch',
    resource: 'pods',
    subresource: 'status',
    namespace: ANY,
    why: 'src/pods/controller.ts patchNamespacedPodStatus',
  }),
  controller({
    verb: 'get',
    resource: 'configmaps',
    namespace: ANY,
    why: 'src/pods/refs.ts readNamespacedConfigMap',
  }),
  controller({
    verb: 'get',
    resource: 'secrets',
    namespace: ANY,
    why: 'src/pods/refs.ts readNamespacedSecret',
  }),
  controller({
    verb: 'get',
    resource: 'persistentvolumeclaims',
    namespace: ANY,
    why: 'src/pods/refs.ts readNamespacedPersistentVolumeClaim',
  }),
  controller({ verb: 'get', resource: 'persistentvolumes', why: 'src/pods/refs.ts readPersistentVolume' }),
  controller({
    verb: 'create',
    resource: 'serviceaccounts',
    subresource: 'token',
    namespace: ANY,
    why: 'src/pods/refs.ts createNamespacedServiceAccountToken',
  }),
  ...['list', 'watch'].map((verb) =>
    controller({
      verb,
      resource: 'services',
      allNamespaces: true,
      why: 'src/pods/cluster-services.ts list/watch /api/v1/services (cluster DNS, service links)',
    }),
  ),
  controller({
    verb: 'create',
    resource: 'events',
    namespace: ANY,
    why: 'src/kube/events.ts createNamespacedEvent',
  }),
  controller({
    verb: 'patch',
    resource: 'events',
    namespace: ANY,
    why: 'src/kube/events.ts patchNamespacedEvent',
  }),
  controller({
    verb: 'create',
    resource: 'tokenreviews.authentication.k8s.io',
    why: 'src/kubelet/apiserver-authorizer.ts',
  }),
  controller({
    verb: 'create',
    resource: 'subjectaccessreviews.authorization.k8s.io',
    why: 'src/kubelet/apiserver-authorizer.ts',
  }),
  ...['get', 'update', 'create', 'delete', 'list'].map((verb) =>
    controller({
      verb,
      resource: 'leases.coordination.k8s.io',
      namespace: RELEASE,
      why: 'src/controller/ownership.ts node owner Leases, src/controller/replicas.ts presence Leases',
    }),
  ),
  ...['list', 'watch', 'patch'].map((verb) =>
    controller({
      verb,
      resource: 'imagecaches.eci.alibabacloud.com',
      why: 'src/image-caches/service.ts informer; api.ts setFinalizers (merge patch)',
    }),
  ),
  controller({
    verb: 'patch',
    resource: 'imagecaches.eci.alibabacloud.com',
    subresource: 'status',
    why: 'src/image-caches/api.ts replaceStatus (JSON patch of the status subresource)',
  }),
  controller({
    verb: 'create',
    resource: 'events',
    namespace: 'default',
    why: 'src/image-caches/api.ts Events on a cluster-scoped ImageCache go to default',
  }),
  ...(['controller', 'webhook'] as const).flatMap((who) => [
    ...['list', 'watch'].map((verb) => ({
      who,
      verb,
      resource: 'configmaps',
      namespace: 'kube-system',
      name: 'eci-profile',
      why: 'src/profile/watch.ts list/watch with fieldSelector metadata.name=eci-profile',
    })),
    {
      who,
      verb: 'create',
      resource: 'events',
      namespace: 'kube-system',
      why: 'src/profile/watch.ts Warning Event on eci-profile',
    },
  ]),
  ...['get', 'list', 'watch'].map((verb) =>
    webhook({ verb, resource: 'namespaces', why: 'src/webhook/namespaces.ts (list/watch, readNamespace)' }),
  ),
  ...['get', 'patch'].map((verb) =>
    webhook({
      verb,
      resource: 'mutatingwebhookconfigurations.admissionregistration.k8s.io',
      name: 'vk-webhook',
      why: 'src/webhook/register.ts',
    }),
  ),
  webhook({
    verb: 'create',
    resource: 'mutatingwebhookconfigurations.admissionregistration.k8s.io',
    why: 'src/webhook/register.ts',
  }),
  ...['list', 'watch'].flatMap((verb) => [
    simulator({ verb, resource: 'services', allNamespaces: true, why: 'src/commands/service-watch.ts' }),
    simulator({
      verb,
      resource: 'endpointslices.discovery.k8s.io',
      allNamespaces: true,
      why: 'src/commands/service-watch.ts',
    }),
  ]),
];

/** Broader than any call in the code: granting one of these is a least-privilege bug. */
export const REFUSED: readonly ApiRequest[] = [
  ...(['controller', 'webhook', 'simulator'] as const).flatMap((who) => [
    { who, verb: '*', resource: '*', allNamespaces: true, why: 'no wildcard' },
    { who, verb: 'list', resource: 'secrets', allNamespaces: true, why: 'secrets are read one by one' },
    { who, verb: 'watch', resource: 'secrets', namespace: 'default', why: 'secrets are never watched' },
    {
      who,
      verb: 'list',
      resource: 'configmaps',
      namespace: 'kube-system',
      why: 'only eci-profile is listed',
    },
    { who, verb: 'create', resource: 'pods', namespace: 'default', why: 'pods are never created' },
    { who, verb: 'update', resource: 'clusterroles.rbac.authorization.k8s.io', why: 'no RBAC writes' },
    { who, verb: 'impersonate', resource: 'users', why: 'no impersonation' },
    {
      who,
      verb: 'delete',
      resource: 'mutatingwebhookconfigurations.admissionregistration.k8s.io',
      name: 'vk-webhook',
      why: 'never deleted',
    },
  ]),
  webhook({ verb: 'delete', resource: 'nodes', why: 'the webhook never touches nodes' }),
  simulator({ verb: 'get', resource: 'secrets', namespace: 'default', why: 'the simulator reads no secret' }),
  simulator({
    verb: 'list',
    resource: 'pods',
    allNamespaces: true,
    why: 'kube-proxy sees Services, not pods',
  }),
  simulator({
    verb: 'get',
    resource: 'services',
    namespace: 'default',
    why: 'Services are listed and watched only',
  }),
  controller({ verb: 'update', resource: 'pods', namespace: 'default', why: 'only pods/status is patched' }),
  controller({ verb: 'patch', resource: 'pods', namespace: 'default', why: 'only pods/status is patched' }),
  controller({ verb: 'update', resource: 'nodes', why: 'the node is patched, not replaced' }),
  ...['create', 'update', 'delete'].map((verb) =>
    controller({
      verb,
      resource: 'imagecaches.eci.alibabacloud.com',
      why: 'users create and delete ImageCaches; the controller only patches finalizers and status',
    }),
  ),
  controller({
    verb: 'update',
    resource: 'imagecaches.eci.alibabacloud.com',
    subresource: 'status',
    why: 'the status is patched, not replaced',
  }),
  controller({
    verb: 'update',
    resource: 'services',
    namespace: 'default',
    name: 'kubernetes',
    why: 'Services are only read',
  }),
  controller({
    verb: 'delete',
    resource: 'leases.coordination.k8s.io',
    namespace: 'kube-node-lease',
    name: 'other',
    why: 'leases are never deleted',
  }),
  controller({ verb: 'list', resource: 'namespaces', why: 'the controller never reads namespaces' }),
  controller({
    verb: 'patch',
    resource: 'mutatingwebhookconfigurations.admissionregistration.k8s.io',
    name: 'vk-webhook',
    why: 'the webhook registers itself',
  }),
  webhook({ verb: 'get', resource: 'secrets', namespace: 'default', why: 'the webhook reads no secret' }),
  webhook({
    verb: 'list',
    resource: 'pods',
    allNamespaces: true,
    why: 'the webhook only sees AdmissionReviews',
  }),
  webhook({
    verb: 'create',
    resource: 'events',
    namespace: 'default',
    why: 'Events only on kube-system/eci-profile',
  }),
  webhook({
    verb: 'patch',
    resource: 'mutatingwebhookconfigurations.admissionregistration.k8s.io',
    name: 'other',
    why: 'only vk-webhook',
  }),
  webhook({
    verb: 'patch',
    resource: 'validatingwebhookconfigurations.admissionregistration.k8s.io',
    name: 'vk-webhook',
    why: 'no validating webhook',
  }),
  webhook({ verb: 'get', resource: 'nodes', why: 'the webhook never reads nodes' }),
];

/** The request's namespace with RELEASE/ANY resolved to `namespace`; undefined when cluster-wide. */
export function namespaceOf(req: ApiRequest, namespace: string): string | undefined {
  if (req.allNamespaces || req.namespace === undefined) return undefined;
  return req.namespace === RELEASE || req.namespace === ANY ? namespace : req.namespace;
}

/** `kubectl auth can-i` arguments for one request, with RELEASE/ANY resolved to `namespace`. */
export function canIArgs(req: ApiRequest, namespace: string): string[] {
  const target = req.name === undefined ? req.resource : `${req.resource}/${req.name}`;
  const args = ['auth', 'can-i', req.verb, target];
  if (req.subresource !== undefined) args.push(`--subresource=${req.subresource}`);
  const ns = namespaceOf(req, namespace);
  if (req.allNamespaces) args.push('--all-namespaces');
  else if (ns !== undefined) args.push('-n', ns);
  return args;
}

/** ANY is checked in `default` and in the release namespace. */
export function namespacesToCheck(req: ApiRequest, releaseNamespace: string): string[] {
  return req.namespace === ANY ? ['default', releaseNamespace] : [releaseNamespace];
}
