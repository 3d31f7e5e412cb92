import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { inputErrorText, type InputErrorLike } from '../api/inputErrors';
import { useI18n } from '../i18n';

interface Common {
  label: string;
  hint?: ReactNode;
  errors?: InputErrorLike[] | undefined;
  required?: boolean;
  className?: string;
}

function useFieldIds(errors: InputErrorLike[] | undefined, hint: ReactNode) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return { id, hintId, errorId, describedBy };
}

function Label({ htmlFor, label, required }: { htmlFor: string; label: string; required?: boolean | undefined }) {
  const { t } = useI18n();
  return (
    <label htmlFor={htmlFor} className="field-label">
      {label}
      {required && <span className="field-required"> {t('common.required')}</span>}
    </label>
  );
}

export function FieldErrors({ id, errors }: { id: string | undefined; errors: InputErrorLike[] | undefined }) {
  const { t, locale } = useI18n();
  if (!id || !errors || errors.length === 0) return null;
  return (
    <p className="field-error" id={id}>
      <span aria-hidden="true" className="field-error-icon">!</span>
      {errors.map((e) => inputErrorText(e, t, locale)).join('；')}
    </p>
  );
}

/** What a labelled control carries: its id and how it is invalid, described and required. */
interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
  'aria-required': true | undefined;
}

/** A field's frame, one for every kind of control: label, hint and errors above the control. */
function FieldFrame({ label, hint, errors, required, className, control }: Common & { control: (props: ControlProps) => ReactNode }) {
  const { id, hintId, errorId, describedBy } = useFieldIds(errors, hint);
  return (
    <div className={`field ${errorId ? 'field-invalid' : ''} ${className ?? ''}`}>
      <Label htmlFor={id} label={label} required={required} />
      {hint && <p className="field-hint" id={hintId}>{hint}</p>}
      <FieldErrors id={errorId} errors={errors} />
      {control({ id, 'aria-invalid': errorId ? true : undefined, 'aria-describedby': describedBy, 'aria-required': required || undefined })}
    </div>
  );
}

type InputProps = Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'required'>;

export function TextField({ label, hint, errors, required, className, ...input }: InputProps) {
  return <FieldFrame label={label} hint={hint} errors={errors} required={required} className={className} control={(props) => <input {...props} {...input} />} />;
}

type TextAreaProps = Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'required'>;

export function TextAreaField({ label, hint, errors, required, className, ...input }: TextAreaProps) {
  return <FieldFrame label={label} hint={hint} errors={errors} required={required} className={className} control={(props) => <textarea {...props} {...input} />} />;
}

type SelectProps = Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'required'> & { children: ReactNode };

export function SelectField({ label, hint, errors, required, className, children, ...select }: SelectProps) {
  return (
    <FieldFrame
      label={label}
      hint={hint}
      errors={errors}
      required={required}
      className={className}
      control={(props) => (
        <select {...props} {...select}>
          {children}
        </select>
      )}
    />
  );
}

type CheckboxProps = Omit<Common, 'required'> & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'>;

export function CheckboxField({ label, hint, errors, className, ...input }: CheckboxProps) {
  const { id, hintId, errorId, describedBy } = useFieldIds(errors, hint);
  return (
    <div className={`field field-checkbox ${errorId ? 'field-invalid' : ''} ${className ?? ''}`}>
      <FieldErrors id={errorId} errors={errors} />
      <div className="checkbox-row">
        <input id={id} type="checkbox" aria-invalid={errorId ? true : undefined} aria-describedby={describedBy} {...input} />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint && <p className="field-hint" id={hintId}>{hint}</p>}
    </div>
  );
}

/** Errors that concern the whole form (or fields it does not show). */
export function FormErrors({ errors, title }: { errors: readonly InputErrorLike[]; title?: string }) {
  const { t, locale } = useI18n();
  if (errors.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert">
      {title && <p className="alert-title">{title}</p>}
      <ul>
        {errors.map((e, i) => (
          <li key={i}>{inputErrorText(e, t, locale)}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Several checkboxes for a multiple choice (e.g. a course's tags), in a fieldset whose
 * legend names the choice; errors appear under the legend.
 */
export function CheckboxGroupField<V extends string>({ legend, hint, errors, options, value, onChange, className, name }: {
  legend: string;
  hint?: ReactNode;
  errors?: InputErrorLike[] | undefined;
  options: readonly { value: V; label: string }[];
  value: readonly V[];
  onChange: (next: V[]) => void;
  className?: string;
  /** Marks the group for focusing the first box when it is in error. */
  name?: string;
}) {
  const { id, hintId, errorId, describedBy } = useFieldIds(errors, hint);
  return (
    <fieldset className={`field checkbox-group ${errorId ? 'field-invalid' : ''} ${className ?? ''}`} aria-describedby={describedBy} data-field={name}>
      <legend className="field-label">{legend}</legend>
      {hint && <p className="field-hint" id={hintId}>{hint}</p>}
      <FieldErrors id={errorId} errors={errors} />
      <div className="checkbox-options">
        {options.map((o) => (
          <label key={o.value} className="checkbox-inline" htmlFor={`${id}-${o.value}`}>
            <input
              id={`${id}-${o.value}`}
              type="checkbox"
              checked={value.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * Moves focus to the form's first control in error, in the form's order (`fields`), not in
 * the order the server checked them; controls are found by name.
 */
export function focusFirstError(form: HTMLFormElement | null, errors: readonly InputErrorLike[], fields: readonly string[]) {
  const first = fields.find((f) => errors.some((e) => e.field === f));
  const el = first ? form?.elements.namedItem(first) : null;
  if (el instanceof HTMLElement) el.focus();
}

/** A dialog form's buttons: send (保存中… while it is sent) and cancel. */
export function FormActions({ busy, submit, onCancel }: { busy: boolean; submit: string; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('common.saving') : submit}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
