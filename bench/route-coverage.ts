/**
 * Template coverage of reference reactions with an engine's own library and
 * policy (read-only): is a reaction reproduced (stereo-free reactant set) by
 * some template of the library, and how high does the policy rank the best
 * template that reproduces it? A reaction that the library covers but the
 * policy ranks low is a ranking miss, not a coverage miss.
 */
import { canonicalSmiles, PreparedMolecule, RetroTemplate } from '../src/chem/index.js';
import type { Engine } from '../src/engine/engine.js';
import { LibraryTemplateSet } from '../src/reaction-models/template-model.js';
import { fragmentSetKey, Reaction, reactionKey, share } from './route-match.js';
import { Candidate, candidate, RecordedReaction } from './template-match.js';

/** Templates the policy is asked for: the engine's broadest per-molecule budget. */
const RANKED = 300;

export interface ReactionCoverage {
  /** False when RDKit cannot read the reaction (then nothing below is true). */
  readable: boolean;
  /** Reproduced by a specific template of the library. */
  specific: boolean;
  /** Reproduced by some template of the library, specific or general. */
  library: boolean;
  /** Rank (0-based) of the best policy-ranked template reproducing it, within the first 300; else null. */
  policyRank: number | null;
  /** Like policyRank, counting a ranked template's general (reaction-centre) form as the template. */
  policyRankWithGeneral: number | null;
}

const UNREADABLE: ReactionCoverage = {
  readable: false,
  specific: false,
  library: false,
  policyRank: null,
  policyRankWithGeneral: null,
};

export class TemplateCoverage {
  private readonly templates: LibraryTemplateSet;
  private readonly candidates: (Candidate | null | undefined)[];
  private readonly specific: number[] = [];
  private readonly general: number[] = [];
  private readonly known = new Map<string, ReactionCoverage>();

  constructor(private readonly engine: Pick<Engine, 'library' | 'model'>) {
    // Built like the engine's own set, so policy indices are positions in the library.
    this.templates = new LibraryTemplateSet(engine.library);
    engine.library
      .entries()
      .forEach((e, i) => (e.specificity === 'specific' ? this.specific : this.general).push(i));
    this.candidates = new Array(this.templates.size);
  }

  get size(): { specific: number; general: number } {
    return { specific: this.specific.length, general: this.general.length };
  }

  /** Coverage of one reaction (computed once per distinct reaction). */
  of(reaction: Reaction): ReactionCoverage {
    const key = reactionKey(reaction);
    const product = canonicalSmiles(reaction.product);
    if (key === null || product === null) return UNREADABLE;
    let result = this.known.get(key);
    if (!result) {
      result = this.measure(product, key);
      this.known.set(key, result);
    }
    return result;
  }

  private measure(product: string, key: string): ReactionCoverage {
    const reactants = key.split('>>')[0];
    const recorded = new RecordedReaction(
      new PreparedMolecule(product),
      reactants,
      (outcome) => fragmentSetKey(outcome.split('.')) === reactants,
    );
    const tried = new Map<number, boolean>();
    const reproduces = (index: number) => {
      let hit = tried.get(index);
      if (hit === undefined) {
        const c = this.candidate(index);
        hit = c !== null && recorded.reproducedBy(c);
        tried.set(index, hit);
      }
      return hit;
    };
    const ranked = this.engine.model.policyRanking(product, RANKED).map((r) => r.template);
    const policyRank = ranked.findIndex(reproduces);
    const policyRankWithGeneral = ranked.findIndex((i) => {
      const general = this.templates.generalOf(i);
      return reproduces(i) || (general >= 0 && reproduces(general));
    });
    const specific = policyRank >= 0 || this.specific.some(reproduces);
    return {
      readable: true,
      specific,
      library: specific || this.general.some(reproduces),
      policyRank: policyRank < 0 ? null : policyRank,
      policyRankWithGeneral: policyRankWithGeneral < 0 ? null : policyRankWithGeneral,
    };
  }

  private candidate(index: number): Candidate | null {
    let c = this.candidates[index];
    if (c === undefined) {
      const template: RetroTemplate | null = this.templates.get(index);
      c = template ? candidate(template) : null;
      this.candidates[index] = c;
    }
    return c;
  }

  /** Shares of reactions covered by the library and by the policy's top 50 / 300. */
  static summary(reactions: ReactionCoverage[]) {
    const n = reactions.length;
    const count = (f: (r: ReactionCoverage) => boolean) => reactions.filter(f).length;
    const within = (rank: number | null, k: number) => rank !== null && rank < k;
    return {
      reactions: n,
      unreadable: count((r) => !r.readable),
      library: share(
        count((r) => r.library),
        n,
      ),
      specificTemplates: share(
        count((r) => r.specific),
        n,
      ),
      policyTop50: share(
        count((r) => within(r.policyRank, 50)),
        n,
      ),
      policyTop300: share(
        count((r) => within(r.policyRank, 300)),
        n,
      ),
      policyTop50WithGeneralForms: share(
        count((r) => within(r.policyRankWithGeneral, 50)),
        n,
      ),
      policyTop300WithGeneralForms: share(
        count((r) => within(r.policyRankWithGeneral, 300)),
        n,
      ),
    };
  }
}
