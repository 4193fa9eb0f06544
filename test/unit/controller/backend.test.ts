import { loadControllerConfig } from '../../../src/config/index.js';
import { createBackend } from '../../../src/controller/backend.js';
import { request } from '../simulator/helpers.js';

describe('createBackend: the in-process simulator and its pod network', () => {
  it("gives port-forward a way to the simulated pods' addresses, with no setting", async () => {
    const env: Record<string, string> = { ECI_BACKEND: 'simulator', ECI_SIMULATOR_SPEED: '0' };
    const { backend, dialPod } = await createBackend(loadControllerConfig((key) => env[key]));
    const { ContainerGroupId } = await backend.createContainerGroup(
      request({ Container: [{ Name: 'app', Image: 'nginx:1.27', Port: [{ Port: 80 }] }] }),
    );
    let ip: string | undefined;
    while (!ip) {
      const [record] = await backend.describeContainerGroupStatus({ ContainerGroupIds: [ContainerGroupId] });
      ip = record?.Status === 'Running' ? record.PodStatus?.PodIp : undefined;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const socket = await dialPod(ip, 80);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.once('close', () => resolve(text));
      socket.write('GET / HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n');
    });
    expect(answer).toContain('container app (nginx:1.27) of container group web-1 answered GET / on port 80');
    await expect(dialPod('192.0.2.9', 80)).rejects.toThrow('dial tcp 192.0.2.9:80: i/o timeout');
  });
});
