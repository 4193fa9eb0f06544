import type { Backend } from '../../providers/backend.js';
import { applyRequestDefaults, type RequestDefaults } from '../translate/request-defaults.js';

/**
 * The backend the pod loop creates through, with the controller's request defaults applied to
 * every CreateContainerGroup (see applyRequestDefaults). Applied here, at the seam, because the pod
 * loop hands the translation only per-pod context; `defaults` is read per call so a live eci-profile
 * change reaches the next pod.
 */
export function withRequestDefaults(backend: Backend, defaults: () => RequestDefaults): Backend {
  return new Proxy(backend, {
    get(target, property) {
      if (property === 'createContainerGroup') {
        return (request: Parameters<Backend['createContainerGroup']>[0]) =>
          target.createContainerGroup(applyRequestDefaults(request, defaults()));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
