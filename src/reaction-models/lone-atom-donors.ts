/**
 * Templates whose precursor gives the product one carbon torn from another
 * carbon, an aryl ether or an amine, or one fluorine torn from carbon
 * (src/chem/lone-atom-donors.ts): naproxen's
 * methyl "from" propionic acid, an N-methyl "from" the acetate of sodium
 * triacetoxyborohydride, a methyl ester "from" diethyl ether. They come from
 * patent records whose automatic atom mapping assigned the product's methyl to
 * a solvent or reagent, and the network learned them like any other template.
 * A chemist rejects such a step at a glance; the feasibility filter does not,
 * because those records are among its positives. The verdict depends on the
 * template alone (critics.ts's TemplateJudgePanel makes it once per template).
 */
import { implausibleLoneAtomDonations, LoneAtomDonation } from '../chem/index.js';
import { TemplateArtifactCheck } from './critics.js';

const PROBLEMS: Record<LoneAtomDonation, string> = {
  'carbon-carbon':
    'a lone carbon taken from a precursor by breaking a C-C bond (a template artifact)',
  'aryl ether': "an aryl ether's alkyl taken as an alkylating agent (a template artifact)",
  amine: "an amine's or amide's N-alkyl taken as an alkylating agent (a template artifact)",
  'carbon-fluorine':
    'a fluorine taken from a C-F bond as a fluorinating agent (a template artifact)',
};

export class LoneAtomDonorCheck extends TemplateArtifactCheck<LoneAtomDonation> {
  /** @param factor the prior's multiplier for a flagged template's steps. */
  constructor(factor: number) {
    super(factor, implausibleLoneAtomDonations, PROBLEMS);
  }
}
