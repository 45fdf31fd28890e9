/**
 * Templates whose step changes a ring as no reaction does (src/chem/ring-artifacts.ts):
 * an aromatic ring made from a precursor ring lacking two or more of its double
 * bonds (ketoprofen's benzene ring "from" 2-benzoylcyclohexanone and ethyl
 * pyruvate), or a precursor's benzene ring torn open to give the product
 * atoms. They come from mis-mapped patent records; the neighbours' vote can
 * still rank one high for the very product it was recorded for, and the
 * feasibility filter counts those records among its positives.
 */
import { RingArtifact, ringArtifacts } from '../chem/index.js';
import { TemplateArtifactCheck } from './critics.js';

const PROBLEMS: Record<RingArtifact, string> = {
  aromatized:
    'an aromatic ring made from a precursor ring lacking two or more of its double bonds (a template artifact)',
  'benzene opened':
    "a precursor's benzene ring torn open to give the product atoms (a template artifact)",
};

export class RingArtifactCheck extends TemplateArtifactCheck<RingArtifact> {
  /** @param factor the prior's multiplier for a flagged template's steps. */
  constructor(factor: number) {
    super(factor, ringArtifacts, PROBLEMS);
  }
}
