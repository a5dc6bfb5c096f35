/**
 * Form parts with labels, help texts and the API's error shown next to the
 * field it names (`aria-describedby`, `aria-invalid`), plus the problem banner.
 * @module
 */
import type { Child } from 'hono/jsx';
import { fieldError, type ShownProblem } from '../api/problem';
import type { Ctx } from '../context';

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The problem's title and detail, announced when it appears. */
export function ProblemBanner({ problem }: { problem: ShownProblem | undefined }) {
  if (!problem) {
    return null;
  }
  return (
    <div class="problem" role="alert">
      <strong>{problem.title}</strong>
      {problem.detail ? <p>{problem.detail}</p> : null}
    </div>
  );
}

/** Props shared by fields. */
interface FieldProps {
  name: string;
  label: string;
  help?: string | undefined;
  problem?: ShownProblem | undefined;
  /** The API path this field maps to, when it differs from `name`. */
  apiPath?: string;
  required?: boolean;
}

function Described({
  id,
  help,
  error,
}: {
  id: string;
  help: string | undefined;
  error: string | undefined;
}) {
  return (
    <>
      {help ? (
        <small id={`${id}-help`} class="help">
          {help}
        </small>
      ) : null}
      {error ? (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      ) : null}
    </>
  );
}

const describedBy = (id: string, help: unknown, error: unknown) =>
  [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A labelled input. */
export function Input(
  props: FieldProps & {
    value?: string | number | undefined;
    type?: string;
    autocomplete?: string;
    min?: number;
    max?: number;
    placeholder?: string;
  },
) {
  const id = idOf(props.name);
  const error = fieldError(props.problem, props.apiPath ?? props.name);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value === undefined ? '' : String(props.value)}
        required={props.required}
        min={props.min}
        max={props.max}
        placeholder={props.placeholder}
        autocomplete={props.autocomplete ?? 'off'}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.help, error)}
      />
      <Described id={id} help={props.help} error={error} />
    </div>
  );
}

/** A labelled text area. */
export function TextArea(props: FieldProps & { value?: string | undefined; rows?: number }) {
  const id = idOf(props.name);
  const error = fieldError(props.problem, props.apiPath ?? props.name);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.help, error)}
      >
        {props.value ?? ''}
      </textarea>
      <Described id={id} help={props.help} error={error} />
    </div>
  );
}

/** A labelled select. */
export function Select(
  props: FieldProps & { value?: string | undefined; options: { value: string; label: string }[] },
) {
  const id = idOf(props.name);
  const error = fieldError(props.problem, props.apiPath ?? props.name);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.help, error)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Described id={id} help={props.help} error={error} />
    </div>
  );
}

/** A labelled check box. */
export function Checkbox(props: FieldProps & { checked?: boolean; value?: string }) {
  const id = idOf(props.name + (props.value ? `-${props.value}` : ''));
  return (
    <div class="field check">
      <input
        id={id}
        type="checkbox"
        name={props.name}
        value={props.value ?? 'true'}
        checked={props.checked}
      />
      <label for={id}>{props.label}</label>
      {props.help ? <small class="help">{props.help}</small> : null}
    </div>
  );
}

/** A POST form carrying the CSRF token. */
export function PostForm({
  c,
  action,
  children,
  class: cls,
  attrs = {},
}: {
  c: Ctx;
  action: string;
  children?: Child;
  class?: string;
  attrs?: Record<string, string>;
}) {
  return (
    <form method="post" action={action} class={cls} {...attrs}>
      <input type="hidden" name="_csrf" value={c.get('csrf')} />
      {children}
    </form>
  );
}

/**
 * A file upload with a progress bar (the `upload` script posts it to `api` with
 * XMLHttpRequest and goes to `done`); `children` are the fields before the file.
 */
export function UploadForm({
  c,
  api,
  done,
  fileLabel,
  fileField,
  accept,
  children,
}: {
  c: Ctx;
  api: string;
  done: string;
  fileLabel: string;
  /** The API path the file's errors are reported under. */
  fileField: string;
  accept?: string;
  children?: Child;
}) {
  const { t } = c.get('i18n');
  return (
    <form
      class="form"
      method="post"
      enctype="multipart/form-data"
      action={api}
      data-upload={api}
      data-done={done}
    >
      <div class="problem problem-live" role="alert" tabindex={-1} hidden />
      {children}
      <div class="field">
        <label for="upload-file">{fileLabel}</label>
        <input
          id="upload-file"
          type="file"
          name="file"
          data-field={fileField}
          accept={accept}
          required
        />
      </div>
      <progress max={100} value={0} hidden aria-label={t('uploading')} />
      <button type="submit" class="primary">
        {t('upload')}
      </button>
    </form>
  );
}
