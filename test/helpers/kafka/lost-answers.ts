import type { BrokerConnection } from '../../../src/kafka/index.ts';

/**
 * A real connection whose answers `lose` picks never reach the caller: the broker has acted on the
 * request, the caller sees it fail, as after a timeout or a dropped connection. `lose` is asked about
 * each answer that came without an error, with its request's API key and encoded body.
 */
export function losingAnswers(connection: BrokerConnection, lose: (apiKey: number, body: Buffer) => boolean, onLost: () => void = () => undefined): BrokerConnection {
  return new Proxy(connection, {
    get: (real, prop) => {
      const value: unknown = Reflect.get(real, prop);
      if (prop !== 'send' || typeof value !== 'function') return typeof value === 'function' ? value.bind(real) : value;
      return (apiKey: number, ...rest: unknown[]) => {
        const callback = rest.pop() as (err: unknown, res: unknown) => void;
        const body = (rest[1] as () => { buffer: Buffer })().buffer;
        return value.call(real, apiKey, ...rest, (err: unknown, res: unknown) => {
          if (err || !lose(apiKey, body)) return callback(err, res);
          onLost();
          callback(new Error('the answer was lost on its way back (the test dropped it)'), null);
        });
      };
    },
  });
}
