import { ResponseMeter, type ResponseMeterInit } from '../response-meter.js';

/** A meter of a stream request at t0 = 1000 ms, no redaction; `overrides` replace any field. */
export function testMeter(overrides: Partial<ResponseMeterInit> = {}): ResponseMeter {
  return new ResponseMeter({
    t0Ms: 1000,
    startEpochMs: 0,
    scenario: 's',
    prompt: 'p',
    model: 'm',
    stream: true,
    keepText: false,
    maxBufferedBytes: 1 << 20,
    redact: (text) => text,
    ...overrides,
  });
}
