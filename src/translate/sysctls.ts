import type { V1PodSecurityContext } from '@kubernetes/client-node';
import {
  HOST_SYSCTLS,
  SAFE_SYSCTLS,
  sysctlParameter,
  type CreateContainerGroupRequest,
  type Sysctl,
} from '../../providers/eci-api/index.js';
import { unsupported } from './errors.js';

/**
 * The pod's sysctls where ECI takes them: the two safe ones in SecurityContext.Sysctl, the unsafe
 * ones ECI allows in HostSecurityContext.Sysctl. Any other would have ECI refuse the group.
 */
export function sysctlFields(
  psc: V1PodSecurityContext | undefined,
): Pick<CreateContainerGroupRequest, 'SecurityContext' | 'HostSecurityContext'> {
  const safe: Sysctl[] = [];
  const host: Sysctl[] = [];
  (psc?.sysctls ?? []).forEach((s, i) => {
    const parameter = sysctlParameter(s.name);
    if (parameter === undefined)
      throw unsupported(
        `spec.securityContext.sysctls[${i}].name`,
        JSON.stringify(s.name),
        'is a sysctl ECI does not set',
        `use ${SAFE_SYSCTLS.join(', ')}, ${HOST_SYSCTLS}, or run the pod on a regular node`,
      );
    (parameter === 'SecurityContext' ? safe : host).push({ Name: s.name, Value: s.value });
  });
  return {
    SecurityContext: safe.length ? { Sysctl: safe } : undefined,
    HostSecurityContext: host.length ? { Sysctl: host } : undefined,
  };
}
