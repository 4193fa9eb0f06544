import type { V1Container } from '@kubernetes/client-node';
import { translatePod } from '../../../src/translate/index.js';
import { makeCtx, makePod, translationError, withContainer } from './fixtures.js';

const first = (c: Partial<V1Container>, spec = {}) =>
  translatePod(withContainer(c, spec), makeCtx()).request.Container[0];

describe('container fields', () => {
  test('image, pull policy, command, args, working dir, stdin/tty, termination message', () => {
    expect(
      first({
        image: 'registry.example.com/app:v1',
        imagePullPolicy: 'IfNotPresent',
        command: ['sh', '-c'],
        args: ['echo hi'],
        workingDir: '/srv',
        stdin: true,
        stdinOnce: true,
        tty: true,
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'FallbackToLogsOnError',
      }),
    ).toEqual({
      Name: 'app',
      Image: 'registry.example.com/app:v1',
      ImagePullPolicy: 'IfNotPresent',
      Command: ['sh', '-c'],
      Arg: ['echo hi'],
      WorkingDir: '/srv',
      Stdin: true,
      StdinOnce: true,
      Tty: true,
      TerminationMessagePath: '/dev/termination-log',
      TerminationMessagePolicy: 'FallbackToLogsOnError',
    });
  });

  test('per-container cpu/memory come from limits, else requests, in vCPU and GiB', () => {
    const pod = makePod({
      containers: [
        {
          name: 'a',
          image: 'x',
          resources: { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } },
        },
        { name: 'b', image: 'x', resources: { requests: { cpu: '1', memory: '1Gi' } } },
        { name: 'c', image: 'x' },
      ],
    });
    const c = translatePod(pod, makeCtx()).request.Container;
    expect(c.map((x) => [x.Cpu, x.Memory])).toEqual([
      [0.5, 0.5],
      [1, 1],
      [undefined, undefined],
    ]);
  });

  test('ports with protocol', () => {
    expect(
      first({ ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP', name: 'dns' }] }).Port,
    ).toEqual([{ Port: 80 }, { Port: 53, Protocol: 'UDP' }]);
  });

  test.each([111, 10250, 10255])('port %p is reserved by ECI', (port) => {
    const err = translationError(withContainer({ ports: [{ containerPort: 80 }, { containerPort: port }] }));
    expect(err.message).toBe(
      `spec.containers[0].ports[1].containerPort: ${port} is reserved by ECI (111, 10250, 10255); use another port`,
    );
    expect(err.reason).toBe('ProviderFailed');
    expect(err.permanent).toBe(true);
  });

  test('an SCTP port is left out with a warning: ECI ports are TCP or UDP', () => {
    const { request, warnings } = translatePod(
      withContainer({ ports: [{ containerPort: 80 }, { containerPort: 9999, protocol: 'SCTP' }] }),
      makeCtx(),
    );
    expect(request.Container[0].Port).toEqual([{ Port: 80 }]);
    expect(warnings).toContain(
      'spec.containers[0].ports[1]: ECI ports are TCP or UDP; SCTP 9999 is not declared to ECI',
    );
    const only = translatePod(
      withContainer({ ports: [{ containerPort: 9999, protocol: 'SCTP' }] }),
      makeCtx(),
    );
    expect(only.request.Container[0].Port).toBeUndefined();
  });

  test('a hostPort different from the containerPort is rejected', () => {
    const err = translationError(withContainer({ ports: [{ containerPort: 80, hostPort: 8080 }] }));
    expect(err.field).toBe('spec.containers[0].ports[0].hostPort');
    expect(err.value).toBe('8080');
  });

  test('$(VAR) in command and args expands from the container env, $$ escapes', () => {
    const c = first({
      env: [
        { name: 'GREETING', value: 'hello' },
        { name: 'MSG', value: '$(GREETING) world' },
      ],
      command: ['echo', '$(MSG)', '$$(MSG)', '$(UNSET)'],
      args: ['$(GREETING)'],
    });
    expect(c.Command).toEqual(['echo', 'hello world', '$(MSG)', '$(UNSET)']);
    expect(c.Arg).toEqual(['hello']);
  });

  test('$(POD_IP) from a fieldRef ECI resolves at start stays as written, with a warning naming where and what to do', () => {
    const { request, warnings } = translatePod(
      withContainer({
        env: [
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'JAVA_OPTS', value: '-Dhost=$(POD_IP) -Dx=$$(POD_IP)' },
        ],
        args: ['--advertise=$(POD_IP):2379', '--name=$(HOSTNAME)'],
      }),
      makeCtx(),
    );
    const c = request.Container[0];
    expect(c.EnvironmentVar).toContainEqual({ Key: 'JAVA_OPTS', Value: '-Dhost=$(POD_IP) -Dx=$(POD_IP)' });
    expect(c.Arg).toEqual(['--advertise=$(POD_IP):2379', '--name=$(HOSTNAME)']);
    expect(warnings.filter((w) => w.includes('stays as written'))).toEqual([
      `spec.containers[0].env[1].value: $(POD_IP) stays as written: ECI sets POD_IP (status.podIP) only when the container starts and does not expand references to it; read it in a shell instead, e.g. command: [sh, -c, 'exec app --ip="$POD_IP"']`,
      `spec.containers[0].args[0]: $(POD_IP) stays as written: ECI sets POD_IP (status.podIP) only when the container starts and does not expand references to it; read it in a shell instead, e.g. command: [sh, -c, 'exec app --ip="$POD_IP"']`,
    ]);
  });

  test('an invalid pull policy is rejected', () => {
    expect(translationError(withContainer({ imagePullPolicy: 'Sometimes' })).message).toContain(
      'spec.containers[0].imagePullPolicy: "Sometimes" is not supported by ECI; use one of Always, IfNotPresent, Never',
    );
  });

  test('an empty image is rejected', () => {
    expect(translationError(withContainer({ image: '' })).field).toBe('spec.containers[0].image');
  });
});

describe('probes', () => {
  const ports = [{ containerPort: 8080, name: 'http' }];

  test('httpGet with a named port, all timings', () => {
    const c = first({
      ports,
      readinessProbe: {
        httpGet: { path: '/healthz', port: 'http', scheme: 'HTTPS' },
        initialDelaySeconds: 3,
        periodSeconds: 5,
        timeoutSeconds: 2,
        successThreshold: 1,
        failureThreshold: 4,
      },
    });
    expect(c.ReadinessProbe).toEqual({
      HttpGet: { Path: '/healthz', Port: 8080, Scheme: 'HTTPS' },
      InitialDelaySeconds: 3,
      PeriodSeconds: 5,
      TimeoutSeconds: 2,
      SuccessThreshold: 1,
      FailureThreshold: 4,
    });
  });

  test('a readiness successThreshold above 1 is sent as 1, with a warning', () => {
    const { request, warnings } = translatePod(
      withContainer({ readinessProbe: { tcpSocket: { port: 80 }, successThreshold: 3 } }),
      makeCtx(),
    );
    expect(request.Container[0].ReadinessProbe?.SuccessThreshold).toBe(1);
    expect(warnings).toContain(
      'spec.containers[0].readinessProbe.successThreshold: ECI probes need exactly 1 success; 3 was sent as 1',
    );
  });

  test('exec liveness and tcpSocket startup probes', () => {
    const c = first({
      ports,
      livenessProbe: { exec: { command: ['cat', '/tmp/ok'] } },
      startupProbe: { tcpSocket: { port: 'http' } },
    });
    expect(c.LivenessProbe).toEqual({ Exec: { Command: ['cat', '/tmp/ok'] } });
    expect(c.StartupProbe).toEqual({ TcpSocket: { Port: 8080 } });
  });

  test('a named port the container does not have is rejected', () => {
    const err = translationError(withContainer({ ports, livenessProbe: { tcpSocket: { port: 'grpc' } } }));
    expect(err.field).toBe('spec.containers[0].livenessProbe.tcpSocket.port');
    expect(err.value).toBe('"grpc"');
  });

  test('gRPC probes are rejected with an alternative', () => {
    const err = translationError(withContainer({ livenessProbe: { grpc: { port: 9090 } } }));
    expect(err.field).toBe('spec.containers[0].livenessProbe.grpc');
    expect(err.fix).toContain('exec');
  });

  test('probe headers cannot be sent: a warning, not a silent drop', () => {
    const { warnings } = translatePod(
      withContainer({
        readinessProbe: {
          httpGet: {
            port: 80,
            httpHeaders: [
              { name: 'K-Network-Probe', value: 'queue' },
              { name: 'Authorization', value: 'Bearer s3cret' },
            ],
          },
        },
      }),
      makeCtx(),
    );
    expect(warnings).toContain(
      "spec.containers[0].readinessProbe.httpGet.httpHeaders: not sent (K-Network-Probe, Authorization): ECI's probe HttpGet has only Path, Port and Scheme",
    );
    expect(warnings.join('\n')).not.toContain('s3cret');
  });
});

describe('lifecycle hooks', () => {
  test('postStart exec and preStop httpGet become the flattened ECI fields', () => {
    const c = first({
      ports: [{ containerPort: 8080, name: 'admin' }],
      lifecycle: {
        postStart: { exec: { command: ['/bin/warm'] } },
        preStop: { httpGet: { path: '/drain', port: 'admin', scheme: 'HTTP', host: '127.0.0.1' } },
      },
    });
    expect(c).toMatchObject({
      LifecyclePostStartHandlerExec: ['/bin/warm'],
      LifecyclePreStopHandlerHttpGetPath: '/drain',
      LifecyclePreStopHandlerHttpGetPort: 8080,
      LifecyclePreStopHandlerHttpGetScheme: 'HTTP',
      LifecyclePreStopHandlerHttpGetHost: '127.0.0.1',
    });
  });

  test('tcpSocket hook', () => {
    expect(first({ lifecycle: { preStop: { tcpSocket: { port: 9000, host: 'localhost' } } } })).toMatchObject(
      {
        LifecyclePreStopHandlerTcpSocketPort: 9000,
        LifecyclePreStopHandlerTcpSocketHost: 'localhost',
      },
    );
  });

  test('a sleep hook runs sleep in the container, with a warning', () => {
    const { request, warnings } = translatePod(
      withContainer({ lifecycle: { preStop: { sleep: { seconds: 5 } } } }),
      makeCtx(),
    );
    expect(request.Container[0].LifecyclePreStopHandlerExec).toEqual(['sleep', '5']);
    expect(warnings.join('\n')).toContain('spec.containers[0].lifecycle.preStop.sleep');
  });
});

describe('security context', () => {
  test('capabilities, read-only root, user/group/non-root (container over pod)', () => {
    const c = first(
      {
        securityContext: {
          capabilities: { add: ['NET_ADMIN'] },
          readOnlyRootFilesystem: true,
          runAsUser: 1000,
        },
      },
      { securityContext: { runAsUser: 1, runAsGroup: 2000, runAsNonRoot: true } },
    );
    expect(c.SecurityContext).toEqual({
      Capability: { Add: ['NET_ADMIN'] },
      ReadOnlyRootFilesystem: true,
      RunAsUser: 1000,
    });
    expect(c.SecurityContextRunAsGroup).toBe(2000);
    expect(c.SecurityContextRunAsNonRoot).toBe(true);
  });

  test('a capability ECI does not add is left out with a warning; CAP_ prefixes are dropped', () => {
    const { request, warnings } = translatePod(
      withContainer({
        securityContext: { capabilities: { add: ['CAP_NET_RAW', 'SYS_ADMIN', 'NET_BIND_SERVICE'] } },
      }),
      makeCtx(),
    );
    expect(request.Container[0].SecurityContext).toEqual({ Capability: { Add: ['NET_RAW'] } });
    expect(warnings).toContain(
      'spec.containers[0].securityContext.capabilities.add: ECI adds only NET_ADMIN and NET_RAW; SYS_ADMIN, NET_BIND_SERVICE not added',
    );
  });

  test('readOnlyRootFilesystem: false is not sent (ECI takes only true; writable is the default)', () => {
    const c = first({ securityContext: { readOnlyRootFilesystem: false } });
    expect(c.SecurityContext).toBeUndefined();
  });

  test('privileged containers are rejected', () => {
    const err = translationError(withContainer({ securityContext: { privileged: true } }));
    expect(err.message).toBe(
      'spec.containers[0].securityContext.privileged: true is not allowed on ECI; remove privileged; add only the capabilities you need',
    );
  });

  test('privileged init containers are rejected too', () => {
    const pod = makePod({
      initContainers: [{ name: 'init', image: 'x', securityContext: { privileged: true } }],
    });
    expect(translationError(pod).field).toBe('spec.initContainers[0].securityContext.privileged');
  });

  test('what ECI cannot enforce is named in a warning', () => {
    const { warnings } = translatePod(
      withContainer({
        securityContext: { capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false },
      }),
      makeCtx(),
    );
    expect(warnings).toContain(
      'spec.containers[0].securityContext: ECI does not support capabilities.drop, allowPrivilegeEscalation; ignored',
    );
  });

  test('allowPrivilegeEscalation: true restricts nothing, so ignoring it is not worth a warning', () => {
    const { warnings } = translatePod(
      withContainer({ securityContext: { allowPrivilegeEscalation: true } }),
      makeCtx(),
    );
    expect(warnings.filter((w) => w.includes('securityContext'))).toEqual([]);
  });
});

describe('init containers', () => {
  test('are translated in order, without probes, hooks or stdin', () => {
    const pod = makePod({
      initContainers: [
        { name: 'migrate', image: 'migrate:1', command: ['migrate', 'up'], env: [{ name: 'X', value: '1' }] },
        { name: 'warm', image: 'warm:1' },
      ],
    });
    const { request } = translatePod(pod, makeCtx());
    expect(request.InitContainer).toEqual([
      {
        Name: 'migrate',
        Image: 'migrate:1',
        Command: ['migrate', 'up'],
        EnvironmentVar: [{ Key: 'X', Value: '1' }],
      },
      { Name: 'warm', Image: 'warm:1' },
    ]);
  });
});
