import React from 'react';

/**
 * Text the user is editing over a value that may also change from outside (the URL, a saved
 * setting): the draft follows the value whenever the value changes, and is the user's otherwise.
 * The reset happens during render (React's "adjust state when a prop changes"), not in an effect,
 * so no frame shows the stale draft.
 */
export function useDraft<T>(value: T): [T, (draft: T) => void] {
  const [draft, setDraft] = React.useState(value);
  const [source, setSource] = React.useState(value);
  if (!Object.is(source, value)) {
    setSource(value);
    setDraft(value);
  }
  return [draft, setDraft];
}
