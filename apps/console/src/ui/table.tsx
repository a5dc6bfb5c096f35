/**
 * The one table of the console: column headers, rows of cells, scrolling
 * sideways inside its own box on narrow screens, and a line when it is empty.
 * @module
 */
import type { Child } from 'hono/jsx';

/** A table, or `empty` (when given) instead of a table without rows. */
export function DataTable({
  headers,
  rows,
  empty,
}: {
  headers: string[];
  rows: Child[][];
  empty?: Child;
}) {
  if (rows.length === 0) {
    return empty === undefined ? null : <p>{empty}</p>;
  }
  return (
    // Focusable, so a table that scrolls sideways on a phone can be scrolled from the keyboard.
    <section class="table-wrap" aria-label={headers.join(', ')} tabindex={0}>
      <table>
        <thead>
          <tr>
            {headers.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells) => (
            <tr>
              {cells.map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
