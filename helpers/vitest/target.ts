import { inject } from 'vitest';

/** What the global setup hands to every spec: where the server under test is. */
export interface ProvidedTarget {
  /** Base URL requests go to (BASE, or the embedded simulator's URL). Never holds secrets. */
  baseUrl: string;
  /** True when the embedded simulator serves this run. */
  simulated: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    target: ProvidedTarget;
  }
}

/** The target the global setup provided; fails clearly when a spec runs without it. */
export function providedTarget(): ProvidedTarget {
  const target = inject('target');
  if (target === undefined) {
    throw new Error(
      'No target was provided: run specs through the Vitest projects in vitest.config.ts ' +
        '(npx vitest run specs), whose global setup starts the simulator or reads BASE.',
    );
  }
  return target;
}
