import { PRODUCT_CLI } from '../../../src/commands/index.js';

describe('the product CLI', () => {
  it.each(Object.entries(PRODUCT_CLI.commands))(
    '%s is a command of that name with its help',
    async (name, load) => {
      const command = await load();
      expect(command.name).toBe(name);
      expect(command.help).toMatch(new RegExp(`^Usage: ack-virtual-node ${name}`));
      expect(command.summary).not.toBe('');
    },
  );
});
