/**
 * Templates whose step changes a ring as no reaction does (src/chem/ring-artifacts.ts):
 * an aromatic ring made from a precursor ring lacking two or more of its double
 * bonds (ketoprofen's benzene ring "from" 2-benzoylcyclohexanone and ethyl
 * pyruvate), or a precursor's benzene ring torn open to give the product
 * atoms. They come from mis-mapped patent records; the neighbours' vote can
 * still rank one high for the very product it was recorded for, and the
 * feasibility filter counts those records among its positives.
 */
import { RetroTemplate, RingArtifact, ringArtifacts } from '../chem/index.js';
import type { TemplateJudge } from './critics.js';

const PROBLEMS: Record<RingArtifact, string> = {
  aromatized:
    'an aromatic ring made from a precursor ring lacking two or more of its double bonds (a template artifact)',
  'benzene opened':
    "a precursor's benzene ring torn open to give the product atoms (a template artifact)",
};

export class RingArtifactCheck implements TemplateJudge {
  /** @param factor the prior's multiplier for a flagged template's steps. */
  constructor(private readonly factor: number) {}

  judgeTemplate(template: RetroTemplate): { factor: number; problems: string[] } {
    const problems = ringArtifacts(template).map((a) => PROBLEMS[a]);
    return problems.length ? { factor: this.factor, problems } : { factor: 1, problems };
  }
}
