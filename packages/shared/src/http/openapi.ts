/**
 * OpenAPI helpers: the problem schema and standard error responses, so every
 * route documents its errors the same way.
 * @module
 */
import { z } from 'zod';
import { ErrorCodes } from '../errors';
import { PROBLEM_JSON } from './problem';

/** RFC 9457 problem body as documented in OpenAPI. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(
      Object.keys(ErrorCodes) as [keyof typeof ErrorCodes, ...(keyof typeof ErrorCodes)[]],
    ),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    retry: z.boolean().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }).catchall(z.unknown()))
      .optional(),
  })
  .meta({
    id: 'Problem',
    example: {
      type: 'https://verzend.dev/problems/validation-failed',
      title: 'The request is not valid',
      status: 400,
      detail: 'The request is not valid (settings.port: Too big: expected number to be <=65535).',
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'settings.port', message: 'Too big: expected number to be <=65535' }],
    },
  });

const descriptions: Record<number, string> = {
  400: 'Invalid request',
  401: 'Missing or invalid bearer token',
  403: 'Not allowed for this user',
  404: 'Not found (or belongs to another company)',
  409: 'Conflicts with the current state',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Cannot be processed',
  429: 'Rate limited',
  503: 'A dependency is unavailable',
};

/** Problem responses for the given statuses, for `createRoute({ responses })`. */
export function problemResponses(...statuses: number[]) {
  const out: Record<
    number,
    { description: string; content: Record<string, { schema: typeof ProblemSchema }> }
  > = {};
  for (const status of [401, ...statuses]) {
    out[status] = {
      description: descriptions[status] ?? 'Error',
      content: { [PROBLEM_JSON]: { schema: ProblemSchema } },
    };
  }
  return out;
}
