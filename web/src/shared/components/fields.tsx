/**
 * Form fields with their labels: every input has a visible label tied to it, and a hint or an
 * error is announced with it (aria-describedby), so that forms read well with a screen reader.
 */
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldFrame {
  label: string;
  hint?: string | undefined;
}

function Frame({ id, label, hint, children }: FieldFrame & { id: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint === undefined ? null : (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
    </div>
  );
}

export function TextField({ label, hint, ...input }: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint}>
      <input id={id} aria-describedby={hint === undefined ? undefined : `${id}-hint`} {...input} />
    </Frame>
  );
}

export function TextArea({ label, hint, ...input }: FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint}>
      <textarea id={id} rows={3} aria-describedby={hint === undefined ? undefined : `${id}-hint`} {...input} />
    </Frame>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function SelectField({ label, hint, choices, ...select }: FieldFrame & { choices: readonly Choice[] } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint}>
      <select id={id} aria-describedby={hint === undefined ? undefined : `${id}-hint`} {...select}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}
