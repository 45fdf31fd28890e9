/**
 * Templates whose step does two unrelated transformations at once
 * (src/chem/reaction-centres.ts): a bond made at one reaction centre while
 * another centre only loses or changes a group, as benzocaine "made" from
 * ethanol and 4-nitrobenzoic acid (an esterification and a nitro reduction).
 * They come from patent records that report a sequence as one reaction; the
 * route should show both steps.
 */
import { CentreArtifact, reactionCentreArtifacts } from '../chem/index.js';
import { TemplateArtifactCheck } from './critics.js';

const PROBLEMS: Record<CentreArtifact, string> = {
  'two transformations':
    'two unrelated transformations in one step: a bond made at one site while another site only loses or changes a group (a sequence recorded as one reaction)',
};

export class ReactionCentreCheck extends TemplateArtifactCheck<CentreArtifact> {
  /** @param factor the prior's multiplier for a flagged template's steps. */
  constructor(factor: number) {
    super(factor, reactionCentreArtifacts, PROBLEMS);
  }
}
