import type { PodDialer } from './pod-dialer.js';
import type { V1Pod } from '@kubernetes/client-node';
import type { Backend } from '../../providers/backend.js';
import type { Clock } from '../../providers/clock.js';

/** A pod bound to this node and, once created, the ECI container group that runs it. */
export interface PodEntry {
  pod: V1Pod;
  containerGroupId?: string;
}

/** The pod controller's view of the node's pods (implemented by src/pods/, a fake in tests). */
export interface PodDirectory {
  /** The pod and its container group id, or undefined when the pod is not on this node. */
  lookup(namespace: string, name: string): PodEntry | undefined;
  list(): PodEntry[];
}

/** Who made a request, as TokenReview or a client certificate tells it. */
export interface KubeletUser {
  user: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

/** The subresources of `nodes` that the kubelet authorizes (pkg/kubelet/server/auth.go). */
export type NodeSubresource =
  'proxy' | 'stats' | 'metrics' | 'log' | 'spec' | 'pods' | 'healthz' | 'configz' | 'statusz' | 'checkpoint';

/** One SubjectAccessReview the kubelet would send for a request. */
export interface NodeRequestAttributes {
  verb: string;
  resource: 'nodes';
  subresource: NodeSubresource;
  name: string;
  apiVersion: 'v1';
  path: string;
}

/** Authentication and authorization of kubelet API callers: the API server in production, a fake in tests. */
export interface Authorizer {
  /** TokenReview: the user a bearer token belongs to, or undefined when the token is not valid. */
  authenticateToken(token: string): Promise<KubeletUser | undefined>;
  /** SubjectAccessReview: whether the user may do `attrs` on this node. */
  authorize(user: KubeletUser, attrs: NodeRequestAttributes): Promise<boolean>;
}

export interface KubeletServerOptions {
  nodeName: string;
  /** KUBELET_ADDRESS, default 0.0.0.0. */
  address: string;
  /** KUBELET_PORT, default 10250; 0 picks a free port (tests). */
  port: number;
  tls: { certPem: string; keyPem: string };
  /** KUBELET_CLIENT_CA_FILE: client certificates it signed authenticate as CN (user) and O (groups). */
  clientCaPem?: string;
  authorizer: Authorizer;
  backend: Backend;
  pods: PodDirectory;
  /** How often a `follow` log request polls DescribeContainerLog (ECI logs do not stream). Default 1000. */
  logPollIntervalMs?: number;
  /** The node's start time in /stats/summary; the server's start when omitted. */
  nodeStartTime?: Date;
  /** KUBELET_STREAMING_IDLE_TIMEOUT: an exec session without a byte either way this long is closed. Default 4 h. */
  streamIdleTimeoutMs?: number;
  /** KUBELET_MAX_STREAMS: concurrent exec/attach/port-forward sessions; more are refused. Default 100. */
  maxStreams?: number;
  /** Time for the idle timeout; the system clock when omitted. */
  clock?: Clock;
  /** How port-forward reaches a pod's address (pod-dialer.ts). */
  dialPod: PodDialer;
}

export interface KubeletServer {
  port: number;
  close(): Promise<void>;
}
