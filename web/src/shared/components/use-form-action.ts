/**
 * Runs one change a form asks for (a workflow step, a licence's suspension, an amendment): busy
 * while it runs, the server's refusal kept to show under the form, and the message of success
 * handed on when it is done.
 */
import { useState, type FormEvent } from 'react';
import type { MessageKey } from '../i18n/en';

export function useFormAction(onDone: (message: MessageKey) => void) {
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const run = async (event: FormEvent, action: () => Promise<unknown>, message: MessageKey) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
      onDone(message);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { error, isBusy, run };
}
