import type { Container, CreateContainerGroupRequest, Tag, Volume } from '../eci-api/index.js';
import { invalidParameter, missingParameter, oneOf } from './errors.js';
import { CONFIG_FILE_LIMITS, configFileBytes, isSupportedSpec, TAG_RULES } from '../eci-api/index.js';
import { CPU_ARCHITECTURES, validateArchitecture } from './arm.js';
import { INSTANCE_TYPE_PATTERN, instanceTypeGpus, specFor, specScope, vCpuMemoryType } from './spec.js';
import { validateContainerRules, validateGroupRules, validateVolumeSource } from './validate-rules.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const GROUP_NAME = /^[a-z0-9]([a-z0-9-]{0,126}[a-z0-9])$/;
const CONTAINER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const RESERVED_PORTS = [111, 10250, 10255];
const VOLUME_TYPES = [
  'EmptyDirVolume',
  'ConfigFileVolume',
  'NFSVolume',
  'DiskVolume',
  'FlexVolume',
  'HostPathVolume',
];
const MAX = { containers: 20, volumes: 20, vSwitches: 10, instanceTypes: 5, cpu: 64 };

/** Checks a CreateContainerGroup request as ECI does; throws a BackendError naming the first bad parameter. */
export function validateCreate(req: CreateContainerGroupRequest, regionId: string): void {
  for (const p of ['RegionId', 'SecurityGroupId', 'VSwitchId', 'ContainerGroupName'] as const) {
    if (!req[p]) throw missingParameter(p);
  }
  if (!req.Container?.length) throw missingParameter('Container');
  if (req.RegionId !== regionId) {
    throw invalidParameter(
      'RegionId',
      `"${req.RegionId}" is not served here; use "${regionId}".`,
      'InvalidRegionId',
    );
  }
  if (!GROUP_NAME.test(req.ContainerGroupName)) {
    throw invalidParameter(
      'ContainerGroupName',
      `"${req.ContainerGroupName}" is invalid: use 2-128 characters of lower-case letters, digits and "-", not starting or ending with "-".`,
    );
  }
  oneOf('RestartPolicy', req.RestartPolicy, ['Always', 'OnFailure', 'Never']);
  oneOf('ScheduleStrategy', req.ScheduleStrategy, ['VSwitchOrdered', 'VSwitchRandom']);
  oneOf('SpotStrategy', req.SpotStrategy, ['NoSpot', 'SpotWithPriceLimit', 'SpotAsPriceGo']);
  oneOf('EipISP', req.EipISP, ['BGP', 'BGP_PRO']);
  oneOf('FixedIp', req.FixedIp, ['true', 'false']);
  oneOf('CpuArchitecture', req.CpuArchitecture, [...CPU_ARCHITECTURES]);
  oneOf('DnsPolicy', req.DnsPolicy, ['None', 'Default']);
  if (req.PrivateIpAddress !== undefined && !IPV4.test(req.PrivateIpAddress)) {
    throw invalidParameter('PrivateIpAddress', `"${req.PrivateIpAddress}" is not an IPv4 address.`);
  }
  if (req.SpotStrategy === 'SpotWithPriceLimit' && !(Number(req.SpotPriceLimit) > 0)) {
    throw invalidParameter(
      'SpotPriceLimit',
      'is required with SpotStrategy SpotWithPriceLimit: set a price > 0.',
    );
  }
  if (!req.SecurityGroupId.startsWith('sg-')) {
    throw invalidParameter(
      'SecurityGroupId',
      `"${req.SecurityGroupId}" is not a security group ID (sg-...).`,
    );
  }
  vSwitchList(req.VSwitchId);
  if (
    req.ClientToken !== undefined &&
    (req.ClientToken.length > 64 || !/^[\x20-\x7e]*$/.test(req.ClientToken))
  ) {
    throw invalidParameter('ClientToken', 'must be at most 64 ASCII characters.');
  }
  validateTags(req.Tag ?? []);
  validateGroupRules(req);
  validateVolumes(req.Volume ?? []);
  validateContainers(req);
  validateSize(req);
}

/** The comma list of vSwitch IDs, validated. */
export function vSwitchList(value: string): string[] {
  const ids = value.split(',').map((s) => s.trim());
  if (ids.length > MAX.vSwitches) {
    throw invalidParameter('VSwitchId', `has ${ids.length} vSwitches; at most ${MAX.vSwitches} are allowed.`);
  }
  for (const id of ids) {
    if (!/^vsw-[a-z0-9-]+$/.test(id)) {
      throw invalidParameter(
        'VSwitchId',
        `"${id}" is not a vSwitch ID: use vsw-..., comma-separated for several zones.`,
      );
    }
  }
  if (new Set(ids).size !== ids.length)
    throw invalidParameter('VSwitchId', `"${value}" lists a vSwitch twice.`);
  return ids;
}

export function instanceTypeList(value: string): string[] {
  const types = value.split(',').map((s) => s.trim());
  if (types.length > MAX.instanceTypes) {
    throw invalidParameter(
      'InstanceType',
      `lists ${types.length} types; at most ${MAX.instanceTypes} are allowed.`,
    );
  }
  for (const t of types) {
    if (!INSTANCE_TYPE_PATTERN.test(t) && vCpuMemoryType(t) === undefined) {
      throw invalidParameter(
        'InstanceType',
        `"${t}" is neither an ECS instance type such as ecs.c6.large nor vCPU and memory such as 2-4Gi.`,
      );
    }
  }
  return types;
}

export function validateTags(tags: Tag[]): void {
  if (tags.length > TAG_RULES.tags)
    throw invalidParameter('Tag', `has ${tags.length} tags; at most ${TAG_RULES.tags} are allowed.`);
  tags.forEach((tag, i) => {
    const name = `Tag.${i + 1}`;
    if (!tag.Key) throw missingParameter(`${name}.Key`);
    if (tag.Key.length > TAG_RULES.keyChars)
      throw invalidParameter(`${name}.Key`, `"${tag.Key}" is longer than ${TAG_RULES.keyChars} characters.`);
    if (TAG_RULES.reservedKey.test(tag.Key)) {
      throw invalidParameter(`${name}.Key`, `"${tag.Key}" starts with a reserved prefix (acs:, aliyun).`);
    }
    if (TAG_RULES.url.test(tag.Key))
      throw invalidParameter(`${name}.Key`, `"${tag.Key}" contains http:// or https://, which tags may not.`);
    if (tags.findIndex((t) => t.Key === tag.Key) < i)
      throw invalidParameter(`${name}.Key`, `"${tag.Key}" is given twice: tag keys must be unique.`);
    const value = tag.Value ?? '';
    if (value.length > TAG_RULES.valueChars)
      throw invalidParameter(`${name}.Value`, `is longer than ${TAG_RULES.valueChars} characters.`);
    if (TAG_RULES.reservedValue.test(value))
      throw invalidParameter(`${name}.Value`, `"${value}" starts with the reserved prefix acs:.`);
    if (TAG_RULES.url.test(value))
      throw invalidParameter(`${name}.Value`, `"${value}" contains http:// or https://, which tags may not.`);
  });
}

/** Also checks the volumes an UpdateContainerGroup call replaces, as at create. */
export function validateVolumes(volumes: Volume[]): void {
  if (volumes.length > MAX.volumes) {
    throw invalidParameter('Volume', `has ${volumes.length} volumes; at most ${MAX.volumes} are allowed.`);
  }
  const seen = new Set<string>();
  volumes.forEach((v, i) => {
    if (!v.Name) throw missingParameter(`Volume.${i + 1}.Name`);
    if (seen.has(v.Name))
      throw invalidParameter(
        `Volume.${i + 1}.Name`,
        `"${v.Name}" is used by two volumes.`,
        'InvalidParameter.DuplicatedVolumeName',
      );
    seen.add(v.Name);
    if (!v.Type) throw missingParameter(`Volume.${i + 1}.Type`);
    oneOf(`Volume.${i + 1}.Type`, v.Type, VOLUME_TYPES);
    validateVolumeSource(v, `Volume.${i + 1}`);
    validateConfigFiles(v, `Volume.${i + 1}.ConfigFileVolume`);
  });
}

/** ECI's documented ConfigFile limits: 32 KB a file, 60 KB a volume. */
function validateConfigFiles(v: Volume, at: string): void {
  let total = 0;
  (v.ConfigFileVolume?.ConfigFileToPath ?? []).forEach((f, j) => {
    const bytes = configFileBytes(f.Content);
    total += bytes;
    if (bytes > CONFIG_FILE_LIMITS.fileBytes) {
      throw invalidParameter(
        `${at}.ConfigFileToPath.${j + 1}.Content`,
        `is ${bytes} bytes; a configuration file may hold at most ${CONFIG_FILE_LIMITS.fileBytes}.`,
      );
    }
  });
  if (total > CONFIG_FILE_LIMITS.volumeBytes) {
    throw invalidParameter(
      `${at}.ConfigFileToPath`,
      `holds ${total} bytes; the files of one volume may hold at most ${CONFIG_FILE_LIMITS.volumeBytes}.`,
    );
  }
}

function validateContainers(req: CreateContainerGroupRequest): void {
  const init = req.InitContainer ?? [];
  const volumes = new Set((req.Volume ?? []).map((v) => v.Name));
  const names = new Set<string>();
  for (const [list, label] of [
    [req.Container, 'Container'],
    [init, 'InitContainer'],
  ] as const) {
    if (list.length > MAX.containers) {
      throw invalidParameter(label, `has ${list.length} containers; at most ${MAX.containers} are allowed.`);
    }
    list.forEach((c, i) => validateContainer(c, `${label}.${i + 1}`, names, volumes));
  }
}

function validateContainer(c: Container, at: string, names: Set<string>, volumes: Set<string>): void {
  if (!c.Name) throw missingParameter(`${at}.Name`);
  if (!CONTAINER_NAME.test(c.Name)) {
    throw invalidParameter(
      `${at}.Name`,
      `"${c.Name}" must be a DNS label: lower-case letters, digits and "-".`,
    );
  }
  if (names.has(c.Name))
    throw invalidParameter(
      `${at}.Name`,
      `"${c.Name}" is used by two containers.`,
      'InvalidParameter.DuplicatedName',
    );
  names.add(c.Name);
  if (!c.Image) throw missingParameter(`${at}.Image`);
  for (const field of ['Cpu', 'Memory', 'Gpu'] as const) {
    const v = c[field];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
      throw invalidParameter(`${at}.${field}`, `${v} is not a non-negative number.`);
    }
  }
  oneOf(`${at}.ImagePullPolicy`, c.ImagePullPolicy, ['Always', 'IfNotPresent', 'Never']);
  validateContainerRules(c, at);
  (c.Port ?? []).forEach((p, j) => {
    oneOf(`${at}.Port.${j + 1}.Protocol`, p.Protocol, ['TCP', 'UDP']);
    const name = `${at}.Port.${j + 1}.Port`;
    if (!Number.isInteger(p.Port) || p.Port < 1 || p.Port > 65535) {
      throw invalidParameter(name, `${p.Port} is not a port number (1-65535).`);
    }
    if (RESERVED_PORTS.includes(p.Port)) {
      throw invalidParameter(name, `${p.Port} is reserved by ECI (111, 10250, 10255): use another port.`);
    }
  });
  (c.VolumeMount ?? []).forEach((m, j) => {
    oneOf(`${at}.VolumeMount.${j + 1}.MountPropagation`, m.MountPropagation, [
      'None',
      'HostToContainer',
      'Bidirectional',
    ]);
    if (!volumes.has(m.Name)) {
      throw invalidParameter(
        `${at}.VolumeMount.${j + 1}.Name`,
        `"${m.Name}" is not a volume of this group: add it to Volume.`,
      );
    }
    if (!m.MountPath?.startsWith('/')) {
      throw invalidParameter(
        `${at}.VolumeMount.${j + 1}.MountPath`,
        `"${m.MountPath}" must be an absolute path.`,
      );
    }
  });
}

/** Containers asking for GPUs need GPU instance types with at least that many GPUs. */
function validateGpus(req: CreateContainerGroupRequest, types: string[] | undefined): void {
  const gpus = (req.Container ?? []).reduce((sum, c) => sum + (c.Gpu ?? 0), 0);
  if (gpus === 0) return;
  if (types === undefined) {
    throw invalidParameter(
      'Container.N.Gpu',
      `${gpus} GPUs need a GPU instance type: set InstanceType, e.g. ecs.gn6i-c4g1.xlarge.`,
    );
  }
  for (const type of types) {
    const has = instanceTypeGpus(type);
    if (has < gpus) {
      throw invalidParameter(
        'InstanceType',
        `"${type}" has ${has} GPUs but the containers ask for ${gpus}: use a GPU instance type with at least ${gpus}.`,
      );
    }
  }
}

function validateSize(req: CreateContainerGroupRequest): void {
  if ((req.Cpu === undefined) !== (req.Memory === undefined)) {
    throw invalidParameter(req.Cpu === undefined ? 'Cpu' : 'Memory', 'Cpu and Memory must be set together.');
  }
  const types = req.InstanceType ? instanceTypeList(req.InstanceType) : undefined;
  validateArchitecture(req, types);
  validateGpus(req, types);
  // ARM64 without InstanceType is sized as an ARM type (arm.ts checked it fits), not as a spec.
  const armSized = req.CpuArchitecture === 'ARM64' && !req.InstanceType;
  const scope = specScope(req);
  for (const t of types ?? []) {
    const asked = vCpuMemoryType(t);
    if (asked !== undefined && !isSupportedSpec(asked.cpu, asked.memory, scope)) {
      throw invalidParameter(
        'InstanceType',
        `"${t}" is not a vCPU/memory spec ECI sells${scope.spot ? ' as spot' : ''} in ${req.RegionId}: use one such as 2-4Gi.`,
      );
    }
  }
  // An unsupported pair is rounded up to a spec at create (create.ts), as ECI does: only one larger
  // than every spec is refused.
  if (!armSized && req.Cpu !== undefined && req.Memory !== undefined)
    specFor(req.Cpu, req.Memory, scope, 'Cpu/Memory');
  const sum = req.Container.reduce((s, c) => s + (c.Cpu ?? 0), 0);
  if (req.Cpu !== undefined && sum > req.Cpu) {
    throw invalidParameter(
      'Container.N.Cpu',
      `containers ask for ${sum} vCPU in total, more than the group's Cpu ${req.Cpu}.`,
    );
  }
  if (sum > MAX.cpu)
    throw invalidParameter('Container.N.Cpu', `${sum} vCPU in total exceeds the ${MAX.cpu} vCPU limit.`);
}

/**
 * The network and tags of a cache's intermediate instance (CreateImageCache, CreateDataCache and
 * their updates): the checks a group's own get.
 */
export function validateCacheInstance(input: {
  SecurityGroupId?: string;
  VSwitchId?: string;
  Tag?: Tag[];
}): void {
  if (input.SecurityGroupId !== undefined && !input.SecurityGroupId.startsWith('sg-'))
    throw invalidParameter(
      'SecurityGroupId',
      `"${input.SecurityGroupId}" is not a security group ID (sg-...).`,
    );
  if (input.VSwitchId !== undefined) vSwitchList(input.VSwitchId);
  validateTags(input.Tag ?? []);
}
