import { binaryPaths, cacheRoot, kubernetesCacheDir } from '../../cluster/paths.js';

describe('binary cache location', () => {
  it('prefers ACK_VN_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(cacheRoot({ ACK_VN_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }, '/home/u')).toBe('/c');
    expect(cacheRoot({ XDG_CACHE_HOME: '/x' }, '/home/u')).toBe('/x/ack-virtual-node');
    expect(cacheRoot({}, '/home/u')).toBe('/home/u/.cache/ack-virtual-node');
  });

  it('keeps binaries per Kubernetes version', () => {
    const dir = kubernetesCacheDir({ ACK_VN_CACHE_DIR: '/c' });
    expect(dir).toBe('/c/kubernetes-v1.35.4');
    expect(binaryPaths(`${dir}/bin`)).toEqual({
      etcd: '/c/kubernetes-v1.35.4/bin/etcd',
      kubeApiserver: '/c/kubernetes-v1.35.4/bin/kube-apiserver',
      kubeScheduler: '/c/kubernetes-v1.35.4/bin/kube-scheduler',
      kubeControllerManager: '/c/kubernetes-v1.35.4/bin/kube-controller-manager',
    });
  });
});
