/**
 * Templates whose step makes an aromatic ring out of a precursor ring that
 * lacks two or more of its double bonds (src/chem/ring-aromatization.ts):
 * ketoprofen's benzene ring "from" 2-benzoylcyclohexanone and ethyl pyruvate,
 * a phenyl "from" a cyclohexyl. They come from mis-mapped patent records; the
 * neighbours' vote can still rank one high for the very product it was
 * recorded for, and the feasibility filter counts those records among its
 * positives. A chemist dehydrogenates a ring in a step of its own.
 */
import { implausibleAromatizations, RetroTemplate } from '../chem/index.js';
import type { TemplateJudge } from './critics.js';

const PROBLEM =
  'an aromatic ring made from a precursor ring lacking two or more of its double bonds (a template artifact)';

export class RingAromatizationCheck implements TemplateJudge {
  /** @param factor the prior's multiplier for a flagged template's steps. */
  constructor(private readonly factor: number) {}

  judgeTemplate(template: RetroTemplate): { factor: number; problems: string[] } {
    return implausibleAromatizations(template) > 0
      ? { factor: this.factor, problems: [PROBLEM] }
      : { factor: 1, problems: [] };
  }
}
