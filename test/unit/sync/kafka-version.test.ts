import { guessKafkaVersion } from '../../../src/sync/kafka-version.ts';

/** [apiKey, min, max] triples as the test clusters' brokers answered ApiVersions (abridged to what matters). */
const apis = (list: Array<[number, number, number]>) => list.map(([apiKey, minVersion, maxVersion]) => ({ apiKey, minVersion, maxVersion }));

const kafka260 = apis([[0, 0, 8], [1, 0, 11], [18, 0, 3], [47, 0, 0], [48, 0, 0], [49, 0, 0]]);
const kafka391 = apis([[0, 0, 11], [1, 0, 17], [48, 0, 1], [50, 0, 0], [60, 0, 1], [65, 0, 0], [75, 0, 0], [80, 0, 0], [81, 0, 0]]);
const kafka412 = apis([[0, 0, 13], [1, 4, 18], [48, 0, 1], [50, 0, 0], [60, 0, 2], [65, 0, 0], [75, 0, 0], [80, 0, 0]]);

describe('guessKafkaVersion', () => {
  it('names the release line of the brokers the tests run', () => {
    expect(guessKafkaVersion(kafka260)).toBe('2.6');
    expect(guessKafkaVersion(kafka391)).toBe('3.9');
    expect(guessKafkaVersion(kafka412)).toBe('4.0');
  });

  it('says nothing for brokers older than 2.6 or an empty answer', () => {
    expect(guessKafkaVersion(apis([[0, 0, 8], [1, 0, 11], [47, 0, 0]]))).toBeUndefined();
    expect(guessKafkaVersion([])).toBeUndefined();
  });
});
