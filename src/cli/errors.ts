/** A mistake by the user (bad flag, missing file): reported in one line, exit code 2, no stack. */
export class UserError extends Error {}
