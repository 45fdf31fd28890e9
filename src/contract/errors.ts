/** The details of an error answer (422 `error.details`), as the API sends them. */

export interface ErrorDetail {
  location: (string | number)[];
  error_type: string;
  message?: string;
  input?: unknown;
}

/** Keeps error bodies small when, say, 100,000 SMILES are all invalid. */
export const MAX_DETAILS = 100;
