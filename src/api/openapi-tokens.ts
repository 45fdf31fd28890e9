/** OpenAPI entries of token management (`/tokens`, admin tokens only). */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorContent = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('ErrorContent') } },
});
const json = (schema: object, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const forbidden = errorContent('The token is not an admin token.');
const unauthorized = errorContent('Missing, invalid, revoked or expired bearer token.');
const tags = ['Tokens'];

export const TOKEN_TAG = {
  name: 'Tokens',
  description:
    'API tokens, for admin tokens only (`synroute tokens create --admin`). A token acts for its owner: every job, batch and uploaded library belongs to one. Only a hash of each token is stored; the token itself is shown once, when created.',
};

export const TOKEN_SCHEMAS = {
  Token: {
    title: 'Token',
    type: 'object',
    required: ['id', 'name', 'owner', 'admin', 'created', 'expires', 'revoked'],
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      owner: {
        type: 'string',
        description: 'Whose jobs, batches and libraries the token reaches.',
      },
      admin: { type: 'boolean', description: 'May manage tokens.' },
      created: { type: 'string', format: 'date-time' },
      expires: { type: ['string', 'null'], format: 'date-time', description: 'null: never.' },
      revoked: { type: 'boolean' },
    },
  },
  TokenList: {
    title: 'TokenList',
    type: 'object',
    required: ['tokens'],
    properties: { tokens: { type: 'array', items: ref('Token') } },
  },
  TokenCreateParams: {
    title: 'TokenCreateParams',
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', pattern: '^[\\w.@-]{1,128}$' },
      owner: {
        type: 'string',
        pattern: '^[\\w.@-]{1,128}$',
        description: 'Default: the name.',
      },
      admin: { type: 'boolean', default: false },
      expires_in: {
        type: 'string',
        pattern: '^\\d{1,6}[smhdw]$',
        description:
          'Refused after this long: `90s`, `15m`, `12h`, `30d`, `8w` (at most 10 years). Default: never.',
      },
    },
  },
  CreatedToken: {
    title: 'CreatedToken',
    allOf: [
      ref('Token'),
      {
        type: 'object',
        required: ['token'],
        properties: { token: { type: 'string', description: 'The secret, shown this once.' } },
      },
    ],
  },
};

export const TOKEN_PATHS = {
  '/tokens': {
    get: {
      summary: 'List tokens',
      description: 'Every token (never the secrets), revoked and expired ones included.',
      tags,
      operationId: 'list_tokens',
      responses: {
        200: json(ref('TokenList'), 'The tokens.'),
        401: unauthorized,
        403: forbidden,
      },
    },
    post: {
      summary: 'Create a token',
      tags,
      operationId: 'create_token',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ref('TokenCreateParams') } },
      },
      responses: {
        201: json(ref('CreatedToken'), 'The token, with its secret (shown once).'),
        401: unauthorized,
        403: forbidden,
        422: errorContent('Invalid name, owner or expiry.'),
      },
    },
  },
  '/tokens/{token_id}': {
    delete: {
      summary: 'Revoke a token',
      description:
        'The token is refused from now on; event streams opened with it close within seconds.',
      tags,
      operationId: 'revoke_token',
      parameters: [
        {
          in: 'path',
          name: 'token_id',
          required: true,
          schema: { type: 'string', pattern: '^\\w+$', maxLength: 255 },
        },
      ],
      responses: {
        204: { description: 'Revoked.' },
        401: unauthorized,
        403: forbidden,
        404: {
          description: 'No such active token.',
          content: { 'application/json': { schema: { type: 'null' } } },
        },
      },
    },
  },
};

/** Adds token management to the served document (TOKEN_TAG is declared with the others). */
export function addTokenDocs(document: Record<string, unknown>): void {
  const doc = document as { paths: object; components: { schemas: object } };
  Object.assign(doc.paths, TOKEN_PATHS);
  Object.assign(doc.components.schemas, TOKEN_SCHEMAS);
}
