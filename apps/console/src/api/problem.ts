/**
 * API errors as the console shows them: the problem+json title and detail,
 * and per-field messages for the fields the problem names.
 * @module
 */
import type { Problem } from '@verzend/client';

/** A problem as shown (the fields the console uses). */
export type ShownProblem = Pick<Problem, 'title' | 'detail'> & {
  status?: number;
  code?: string;
  errors?: { path: string; message: string }[];
};

/** Thrown by {@link unwrap} when an API call fails; pages catch it and show it. */
export class ApiProblem extends Error {
  readonly problem: ShownProblem;
  constructor(problem: ShownProblem) {
    super(`${problem.title}: ${problem.detail}`);
    this.name = 'ApiProblem';
    this.problem = problem;
  }
}

/** Turns whatever an API answered with into a problem to show. */
export function toProblem(error: unknown, status: number): ShownProblem {
  const e = error as Partial<ShownProblem> | undefined;
  if (e && typeof e === 'object' && typeof e.title === 'string') {
    return {
      title: e.title,
      detail: typeof e.detail === 'string' ? e.detail : '',
      status,
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(Array.isArray(e.errors) ? { errors: e.errors } : {}),
    };
  }
  return { title: `HTTP ${status}`, detail: typeof error === 'string' ? error : '', status };
}

/** The data of an openapi-fetch result, or an {@link ApiProblem}. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    throw new ApiProblem(toProblem(error, response.status));
  }
  return data as T;
}

/** The message for one field, when the problem names it (`settings.host`, `to.0` → `to`). */
export function fieldError(problem: ShownProblem | undefined, field: string): string | undefined {
  const hit = problem?.errors?.find(
    (e) => e.path === field || e.path.startsWith(`${field}.`) || field.startsWith(`${e.path}.`),
  );
  return hit?.message;
}
