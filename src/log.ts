import winston from 'winston';

/**
 * Structured JSON logs, one event per line. Fields by convention: `pod` (ns/name), `node`,
 * `containerGroupId`, `requestId`, `err`. Never pass secret values: nothing here redacts them.
 */
export const logger = winston.createLogger({
  level: process.env.LOG_LEVEL ?? 'info',
  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  transports: [
    new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug', 'verbose'] }),
  ],
});

export { errorMessage } from '../providers/logger.js';
