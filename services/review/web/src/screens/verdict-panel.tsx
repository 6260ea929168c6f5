import { Ref } from 'react';
import { FormField, FormValues } from '../domain/correction-form';
import { ReviewMode } from '../domain/keymap';
import { diffOutput, showValue } from '../domain/output-diff';
import { REASON_CODES } from '../domain/reason-codes';
import { formatDuration } from '../domain/review-clock';

export interface VerdictPanelProps {
  mode: ReviewMode;
  reasonIndex?: number;
  comment: string;
  onComment: (comment: string) => void;
  fields: FormField[];
  values: FormValues;
  errors: Record<string, string>;
  onValue: (name: string, value: string) => void;
  aiOutput: Record<string, unknown>;
  /** The correction as the form reads now, when it reads. */
  correction?: Record<string, unknown>;
  timeOnTaskMs: number;
  medianMs: number;
  firstField: Ref<HTMLInputElement & HTMLTextAreaElement & HTMLSelectElement>;
}

/** What the chosen verdict needs before Enter sends it: nothing, a reason, or the corrected output. */
export function VerdictPanel(props: VerdictPanelProps) {
  const { mode } = props;
  if (mode === 'approve') {
    return <p className="verdict-hint">Approve: the AI output stands. Press Enter to submit, Esc to go back.</p>;
  }
  if (mode === 'confirm-fast-approve') {
    return (
      <div className="rubber-stamp" role="alert">
        <p>
          You have spent {formatDuration(props.timeOnTaskMs)} on this task; at your own recent pace on this workflow a
          task with this much evidence takes you about {formatDuration(props.medianMs)}. Did you check the evidence?
        </p>
        <p>Press Enter to approve anyway, or Esc to keep reading.</p>
      </div>
    );
  }
  if (mode === 'reject') return <RejectReasons {...props} />;
  if (mode === 'correct') return <CorrectionForm {...props} />;
  return null;
}

function RejectReasons({ reasonIndex, comment, onComment, errors }: VerdictPanelProps) {
  return (
    <fieldset className="reasons-choice">
      <legend>Why must this output not be used? Press 1–{REASON_CODES.length}, then Enter.</legend>
      <ol>
        {REASON_CODES.map((reason, index) => (
          <li key={reason.code} aria-current={index === reasonIndex} className={index === reasonIndex ? 'chosen' : ''}>
            <kbd>{index + 1}</kbd> {reason.label}
          </li>
        ))}
      </ol>
      {errors.reasonCode && (
        <p className="error" role="alert">
          {errors.reasonCode}
        </p>
      )}
      <label htmlFor="reject-comment">Comment (optional)</label>
      <input id="reject-comment" value={comment} onChange={(event) => onComment(event.target.value)} />
    </fieldset>
  );
}

function CorrectionForm(props: VerdictPanelProps) {
  const { fields, values, errors, onValue, firstField, aiOutput, correction } = props;
  const changes = correction ? diffOutput(aiOutput, correction) : [];
  return (
    <div className="correction">
      <fieldset>
        <legend>Correct the output (Enter submits; Ctrl+Enter in multi-line fields)</legend>
        {errors[''] && (
          <p className="error" role="alert">
            {errors['']}
          </p>
        )}
        {fields.map((field, index) => (
          <FieldControl
            key={field.name}
            field={field}
            value={values[field.name] ?? ''}
            error={errors[field.name]}
            onValue={(value) => onValue(field.name, value)}
            inputRef={index === 0 ? firstField : undefined}
          />
        ))}
      </fieldset>
      <section aria-labelledby="diff-title" className="diff">
        <h3 id="diff-title">What changes</h3>
        {changes.length === 0 ? (
          <p className="meta">Nothing yet: change a field above.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">AI said</th>
                <th scope="col">Correction</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.field} data-field={change.field}>
                  <th scope="row">{change.field}</th>
                  <td>
                    <del>{showValue(change.before)}</del>
                  </td>
                  <td>
                    <ins>{showValue(change.after)}</ins>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

interface FieldControlProps {
  field: FormField;
  value: string;
  error?: string;
  onValue: (value: string) => void;
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement & HTMLSelectElement>;
}

function FieldControl({ field, value, error, onValue, inputRef }: FieldControlProps) {
  const id = `field-${field.name}`;
  const common = {
    id,
    ref: inputRef,
    'aria-invalid': error !== undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  };
  let control;
  if (field.control === 'checkbox') {
    control = (
      <input
        {...common}
        type="checkbox"
        checked={value === 'true'}
        onChange={(e) => onValue(String(e.target.checked))}
      />
    );
  } else if (field.control === 'select') {
    control = (
      <select {...common} value={value} onChange={(e) => onValue(e.target.value)}>
        {!field.required && <option value="">—</option>}
        {field.options?.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    );
  } else if (field.control === 'lines' || field.control === 'json') {
    control = <textarea {...common} rows={3} value={value} onChange={(e) => onValue(e.target.value)} />;
  } else {
    const numeric = field.control === 'number' || field.control === 'integer';
    control = (
      <input
        {...common}
        inputMode={numeric ? 'decimal' : undefined}
        value={value}
        onChange={(e) => onValue(e.target.value)}
      />
    );
  }
  return (
    <div className={`field ${field.control}`}>
      <label htmlFor={id}>
        {field.label}
        {field.required && <span aria-hidden="true"> *</span>}
        {field.control === 'lines' && <span className="meta"> (one per line)</span>}
      </label>
      {control}
      {error && (
        <span id={`${id}-error`} className="error">
          {field.label} {error}
        </span>
      )}
    </div>
  );
}
