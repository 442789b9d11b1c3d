import type { SimulatorFlavor } from './simulator-options.js';

/** An error answer: HTTP status plus the fields of an OpenAI-style error body. */
export interface ApiError {
  status: number;
  message: string;
  /** OpenAI error type, e.g. `invalid_request_error`, `server_error`. */
  type: string;
  /** The request field at fault, or null. */
  param: string | null;
  /** Stable machine-readable code, e.g. `model_not_found`, or null. */
  code: string | null;
  /** Extra response headers (e.g. Retry-After). */
  headers?: Readonly<Record<string, string>>;
}

/**
 * The JSON body: OpenAI's `{"error":{message,type,param,code}}`, or llama.cpp's
 * `{"error":{code,message,type}}` where `code` is the HTTP status.
 */
export function apiErrorBody(error: ApiError, flavor: SimulatorFlavor): string {
  if (flavor === 'llamacpp') {
    return JSON.stringify({
      error: { code: error.status, message: error.message, type: error.type },
    });
  }
  return JSON.stringify({
    error: { message: error.message, type: error.type, param: error.param, code: error.code },
  });
}

/** A 400 `invalid_request_error` about one request field. */
export function invalidRequest(message: string, param: string | null, code: string): ApiError {
  return { status: 400, message, type: 'invalid_request_error', param, code };
}
