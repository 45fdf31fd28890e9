/**
 * Route-quality extensions of the Retro v2 contract: the job parameter
 * `exclude_target_from_stock`, the job resource's `diagnosis` (a completed
 * job without a route) and a route step's `concerns`. All are optional fields
 * a spec client may ignore: without the parameter a job plans as before,
 * `diagnosis` appears only on jobs that would otherwise show nothing but an
 * empty `routes`, and `concerns` only on steps the chemistry judges doubt.
 */
import { MISSING_REASONS } from '../contract/index.js';

type Json = Record<string, unknown>;

interface SpecLike {
  components: { schemas: Record<string, Json> };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const EXCLUDE_TARGET = {
  type: 'boolean',
  // No `default`: the validator would write it into every job's parameters (and cache key).
  title: 'Exclude Target From Stock',
  description:
    'SynRoute extension: `true` plans the target even when it is itself in a building-block library (a purchasable target then gets real routes instead of the zero-step route "buy it"). Only the target is excluded; every other molecule is looked up as usual. Omitted or `false`: the Retro v2 behaviour.',
};

export const DIAGNOSIS_SCHEMAS: Record<string, Json> = {
  Diagnosis: {
    title: 'Diagnosis',
    type: 'object',
    description:
      'SynRoute extension, on completed jobs without a route only: the most promising partial route the search built (from the target, the cheapest known way to make each molecule) and the molecules it still lacks.',
    required: ['partialRoute', 'missingMolecules'],
    properties: {
      partialRoute: ref('PartialRoute'),
      missingMolecules: {
        type: 'array',
        items: ref('MissingMolecule'),
        description: 'The leaves of `partialRoute` that are not in stock, each once.',
      },
    },
  },
  PartialRoute: {
    title: 'PartialRoute',
    type: 'object',
    description:
      'A route in the format of `Route` whose leaves (`buildingBlocks`, each marked `inStock`) may be missing from the stock. With no reaction found for the target it is the target alone, with no steps.',
    required: ['reactionSmiles', 'buildingBlocks', 'steps'],
    properties: {
      reactionSmiles: {
        type: 'string',
        description: 'Leaves `>>` target.',
      },
      buildingBlocks: { type: 'array', items: ref('PartialRouteLeaf') },
      steps: {
        type: 'array',
        items: ref('RouteStep'),
        description: 'The reactions found, in post-order as in `Route`.',
      },
    },
  },
  PartialRouteLeaf: {
    title: 'PartialRouteLeaf',
    description:
      'A leaf of a partial route: a building block (`inStock` true, with its metadata) or a molecule not found in stock (`inStock` false, no metadata).',
    allOf: [
      ref('BuildingBlock'),
      {
        type: 'object',
        required: ['inStock'],
        properties: { inStock: { type: 'boolean' } },
      },
    ],
  },
  MissingMolecule: {
    title: 'MissingMolecule',
    type: 'object',
    required: ['smiles', 'reason'],
    properties: {
      smiles: { type: 'string' },
      reason: {
        type: 'string',
        enum: Object.keys(MISSING_REASONS),
        description: `Why the search did not make it: ${Object.entries(MISSING_REASONS)
          .map(([code, text]) => `\`${code}\`: ${text}`)
          .join('; ')}.`,
      },
    },
  },
};

const STEP_CONCERNS = {
  type: 'array',
  items: { type: 'string' },
  title: 'Concerns',
  description:
    'SynRoute extension: what the chemistry judges found doubtful about this step (a competing group that reacts first, an aromatic substitution at a disfavoured ring position, a template artifact of a mis-mapped patent record). Such steps are penalized in the route ranking but kept when nothing better is found. Absent when there is nothing to say.',
};

export function extendWithDiagnosis(doc: SpecLike): void {
  const props = (name: string) =>
    (doc.components.schemas[name] as { properties: Record<string, Json> }).properties;
  props('Parameters').exclude_target_from_stock = EXCLUDE_TARGET;
  props('RouteStep').concerns = STEP_CONCERNS;
  props('JobResource').diagnosis = {
    ...ref('Diagnosis'),
    description: DIAGNOSIS_SCHEMAS.Diagnosis.description,
  };
  Object.assign(doc.components.schemas, DIAGNOSIS_SCHEMAS);
}
