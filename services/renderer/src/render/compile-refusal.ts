/**
 * Raised while compiling when a construct cannot be filled exactly; the
 * layout then renders on the naive path (ADR-0005).
 * @module
 */
export class CompileRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompileRefusal';
  }
}
