/** A configuration value that cannot be used: names the setting, the bad value and a good example. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    readonly value: string,
    readonly fix: string,
  ) {
    super(`${setting}=${JSON.stringify(value)} is invalid: ${fix}`);
    this.name = 'ConfigError';
  }
}
