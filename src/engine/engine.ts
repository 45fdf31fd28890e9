/**
 * An engine: a template library, an expansion policy and search settings,
 * loaded once per thread. Its version hashes the data files and settings and
 * names the RDKit release (outcomes depend on all three), so jobs can insist on
 * the exact engine they were submitted to.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compoundKeyer, DEFAULT_MORGAN, rdkitVersion } from '../chem/index.js';
import { TemplateLibrary } from '../templates/library.js';
import { FeasibilityFilter, loadFilter } from '../policy/feasibility.js';
import { loadPolicy, PolicyModel } from '../policy/model-file.js';
import { LearnedValue, loadValue } from '../policy/value.js';
import {
  isFoldOf,
  labelsDigest,
  loadPrecedents,
  PrecedentSimilarity,
} from '../policy/precedents.js';
import { BlendedPolicy, NetworkPolicy, SimilarityPolicy } from '../policy/network-policy.js';
import type { ExpansionPolicy } from '../policy/types.js';
import {
  DEFAULT_MODEL_OPTIONS,
  LibraryTemplateSet,
  TemplateModelOptions,
  TemplateReactionModel,
} from '../reaction-models/template-model.js';
import type { PlanContext } from '../search/planner.js';
import type { SearchCosts } from '../search/retro-star.js';
import { DEFAULT_ROUTE_WEIGHTS, RouteScoreWeights } from '../search/scoring.js';
import {
  DEFAULT_SELECTIVITY,
  SelectivityCheck,
  SelectivityOptions,
} from '../reaction-models/selectivity.js';
import {
  JudgePanel,
  StepJudge,
  TemplateJudge,
  TemplateJudgePanel,
} from '../reaction-models/critics.js';
import { LoneAtomDonorCheck } from '../reaction-models/lone-atom-donors.js';
import { ReactionCentreCheck } from '../reaction-models/reaction-centres.js';
import { RingArtifactCheck } from '../reaction-models/ring-artifacts.js';
import { ArylReductionCheck } from '../reaction-models/aryl-reduction.js';
import { FluorideDisplacementCheck } from '../reaction-models/fluoride-displacement.js';
import { RegiochemistryCheck } from '../reaction-models/regiochemistry.js';
import { SolventReactantCheck } from '../reaction-models/solvent-reactants.js';
import { heavyAtomCount } from '../util/heavy-atoms.js';
import { packageRoot } from '../util/paths.js';
import { DEFAULTS, EngineInfo } from '../contract/index.js';

export interface EngineSettings {
  id: string;
  name: string;
  description: string;
  /** Files relative to the installation root. */
  templateLibrary: string;
  policy: string;
  /** Feasibility filter scoring every proposed step (optional). */
  filter?: string;
  /** Selectivity checks on every proposed step, with their penalties (optional). */
  selectivity?: SelectivityOptions;
  /** Prior multiplier for a step taking a solvent or base as a reactant (unset or null: not judged). */
  solventReactants?: number | null;
  /**
   * Prior multiplier for an aromatic substitution at a ring position less activated than
   * a free one (reaction-models/regiochemistry.ts); null: not judged.
   */
  regiochemistry?: number | null;
  /**
   * Prior multiplier for an aryl fluoride displaced by an amine, hydrazine or amide on a
   * ring nothing activates (reaction-models/fluoride-displacement.ts); null: not judged.
   */
  unactivatedFluorides?: number | null;
  /**
   * Prior multiplier for a step that replaces with hydrogen a phenol's OH, an unactivated
   * aryl fluoride's F, or several aryl substituents not all Cl/Br/I
   * (reaction-models/aryl-reduction.ts); null: not judged.
   */
  arylReductions?: number | null;
  /**
   * Prior multiplier for the steps of a template whose precursor gives one carbon torn from
   * another carbon, an aryl ether or an amine, or one fluorine torn from a C-F bond
   * (reaction-models/lone-atom-donors.ts); null: not judged.
   */
  loneAtomDonors?: number | null;
  /**
   * Prior multiplier for the steps of a template that makes an aromatic ring from a
   * precursor ring lacking two or more of its double bonds, or tears a precursor's
   * benzene ring open (reaction-models/ring-artifacts.ts); null: not judged.
   */
  ringArtifacts?: number | null;
  /**
   * Prior multiplier for the steps of a template that makes a bond at one reaction centre
   * while another centre only loses or changes a group: two transformations recorded as one
   * (reaction-models/reaction-centres.ts); null: not judged.
   */
  separateTransformations?: number | null;
  /** Weight of the network in the network/neighbour blend (1 = network only). */
  networkWeight: number;
  /** Neighbour policy scoring: sum of similarity^neighbourVote per template (unset or null: best neighbour's similarity). */
  neighbourVote?: number | null;
  /** Network softmax temperature (unset or null: 1). */
  networkTemperature?: number | null;
  /**
   * More policy files whose networks join the policy's own as an ensemble: the
   * networks' priors are averaged before the blend with the neighbours (optional).
   */
  ensemble?: string[] | null;
  /**
   * Recorded reactants of the policy's neighbour examples (`policy train-precedents`),
   * scoring steps by what similar products were made from; the models' `precedentWeight`
   * says how much (optional).
   */
  precedents?: string | null;
  model: TemplateModelOptions;
  /** Broader template use for exploratory searches (general templates always tried). */
  exploratoryModel: TemplateModelOptions;
  reactionBaseCost: number;
  /** Route score beyond the search cost (search/scoring.ts). */
  routeWeights: RouteScoreWeights;
  /** Unexplored molecule cost without a value model: perHeavyAtom * heavy atoms, at least minimum. */
  value: { perHeavyAtom: number; minimum: number };
  /** Learned cost-to-make estimate (Retro*'s value function) replacing the heavy-atom guess (optional). */
  valueModel?: string | null;
}

/**
 * Both models' critics and precursor forms. Feasibility: priors times its square root (best
 * single-step accuracy on held-out reactions); steps below 0.002 dropped (the filter trained
 * on 120,000 reactions is surer than its predecessor, and at 0.01 it dropped 2% of the
 * reference-route reactions). Precursors are written as parent compounds (the acid, not the
 * sodium carboxylate a corpus reaction recorded): more reference-route reactions proposed.
 * Commodity chemicals (fewer than two carbons) are never expanded.
 * Expansion-recall and single-step A/B tables in BENCHMARKS.md.
 */
/** Nearest training products a step's precursors are compared with, and the power of their similarity. */
const PRECEDENT_NEIGHBOURS = 30;
const PRECEDENT_SIMILARITY_POWER = 1;

const STEP_FORMS = {
  feasibilityWeight: 0.5,
  feasibilityMinimum: 0.002,
  neutralPrecursors: true,
  // Single-step predictions give a template family's inapplicable prior to its templates
  // that apply: USPTO-50k valid top-1 52.7% -> 53.6% (BENCHMARKS.md; share 1 against 0.5
  // and 2 on the reference reactions). The search does not: it recovered fewer routes.
  predictionFamilyShare: 1,
  // Molecules of fewer than two carbons (phosgene, nitrite, triflic acid) are bought, not
  // made: no reference-route intermediate has one, while the planner returned routes making
  // one from absurd precursors for 3 of 155 development targets (BENCHMARKS.md).
  minCarbons: 2,
  // The same reaction with another leaving group (an aryl iodide's or triflate's Suzuki
  // coupling beside the bromide's, an alkyl mesylate beside the bromide) is tried too, at
  // 0.3 of its template's prior times its share of their precedents: the stock, not the
  // product, decides which halide a chemist used. Reference reactions proposed 90.2% ->
  // 90.8%, as many or more among the first 1, 5 and 10 (BENCHMARKS.md).
  leavingGroupSiblings: 0.3,
  // Priors times (0.01 + precedent similarity)^2: steps from precursors like those the
  // nearest recorded products were made from rank first (RetroSim's reactant similarity).
  // USPTO-50k valid (first 1,500) top-1 55.5% -> 57.5%; reference reactions first 51.8% ->
  // 52.9%, among the first five 80.8% -> 81.4% (BENCHMARKS.md).
  precedentWeight: 2,
};

const BUILT_IN: EngineSettings[] = [
  {
    id: 'synroute_default',
    name: 'SynRoute template engine',
    description:
      'RDChiral-style templates extracted from USPTO reactions, ranked by a template-relevance network blended with nearest-neighbour precedents; Retro* search.',
    templateLibrary: 'data/templates/default.templates.json.gz',
    policy: 'data/policy/default.policy',
    filter: 'data/policy/default.filter',
    precedents: 'data/policy/default.precedents',
    selectivity: DEFAULT_SELECTIVITY,
    // As strong as a selectivity error: such steps are template artifacts.
    solventReactants: DEFAULT_SELECTIVITY.strong,
    // The other isomer is the product: as strong as a selectivity error (no recorded
    // USPTO-50k reaction and no reference-route reaction is flagged; BENCHMARKS.md).
    regiochemistry: DEFAULT_SELECTIVITY.strong,
    // No such reaction happens; as strong as a selectivity error (BENCHMARKS.md).
    unactivatedFluorides: DEFAULT_SELECTIVITY.strong,
    // No reagent does it in one step; as strong as a selectivity error (BENCHMARKS.md).
    arylReductions: DEFAULT_SELECTIVITY.strong,
    // Mis-mapped records' templates (a methyl "from" propionic acid or diethyl ether): as
    // strong as a selectivity error (none of the curated USPTO-50k templates is flagged).
    loneAtomDonors: DEFAULT_SELECTIVITY.strong,
    // Also mis-mapped records' templates (none of the curated USPTO-50k templates is flagged).
    ringArtifacts: DEFAULT_SELECTIVITY.strong,
    // Sequences recorded as one reaction (none of the curated USPTO-50k templates has two
    // reaction centres at all; BENCHMARKS.md).
    separateTransformations: DEFAULT_SELECTIVITY.strong,
    networkWeight: 0.5,
    // Neighbours vote (sum of similarity^4 per template) and the network's priors are
    // flattened (temperature 2): more reference reactions among the first proposals and
    // cheaper second-choice steps, so more reference routes complete in the search graph
    // (route-quality A/Bs in BENCHMARKS.md: top-5 33.2% -> 34.7% at 1.5, 37.2% -> 38.2% at 2;
    // temperatures 2.5 and 3 lost top-1 targets).
    neighbourVote: 4,
    networkTemperature: 2,
    // 25 productive templates per expansion: cheaper iterations solve more within a time budget.
    model: { ...DEFAULT_MODEL_OPTIONS, ...STEP_FORMS, topK: 25 },
    exploratoryModel: {
      ...DEFAULT_MODEL_OPTIONS,
      ...STEP_FORMS,
      topK: 100,
      maxTried: 600,
      generalBelow: Infinity,
      generalPriorFactor: 0.2,
    },
    reactionBaseCost: 0.5,
    routeWeights: DEFAULT_ROUTE_WEIGHTS,
    value: { perHeavyAtom: 0.15, minimum: 1 },
    // Learned from the engine's own searches of training products; it beat the heavy-atom
    // estimate in a paired A/B (BENCHMARKS.md). `{"valueModel": null}` returns to that estimate.
    valueModel: 'data/policy/default.value',
  },
];

/**
 * Engines of this installation: the built-in ones, with search settings
 * optionally overridden by SYNROUTE_ENGINE_SETTINGS (JSON merged into the
 * default engine; for operators tuning budgets — the engine version changes).
 */
export const ENGINES: EngineSettings[] = withOverrides(
  BUILT_IN,
  process.env.SYNROUTE_ENGINE_SETTINGS,
);

function withOverrides(engines: EngineSettings[], json: string | undefined): EngineSettings[] {
  if (!json) return engines;
  const patch = JSON.parse(json) as Partial<EngineSettings>;
  const [first, ...rest] = engines;
  return [
    {
      ...first,
      ...patch,
      model: { ...first.model, ...patch.model },
      exploratoryModel: { ...first.exploratoryModel, ...patch.exploratoryModel },
      value: { ...first.value, ...patch.value },
    },
    ...rest,
  ];
}

export interface Engine {
  info: EngineInfo;
  settings: EngineSettings;
  library: TemplateLibrary;
  model: TemplateReactionModel;
  exploratoryModel: TemplateReactionModel;
  costs: SearchCosts;
}

/** Source folders whose code decides what a search returns: a change there is a new engine. */
const PLANNING_CODE = [
  'chem',
  'templates',
  'policy',
  'reaction-models',
  'search',
  'stock',
  'engine',
];

let planningCode: string | undefined;

/**
 * Digest of the planning code, so that an upgrade changing how steps are
 * proposed, judged or ranked (same data, same settings) never serves a result
 * cached under the previous code, and mixed releases never share jobs. Taken
 * over the TypeScript sources, which processes running from sources (tests)
 * and from dist both find, or over the compiled files when the installation
 * has no sources.
 */
function planningCodeDigest(): string {
  if (!planningCode) {
    const sources = join(packageRoot(), 'src');
    planningCode = codeDigest(existsSync(sources) ? sources : join(packageRoot(), 'dist', 'src'));
  }
  return planningCode;
}

/** Digest of the files (paths and contents) in the planning-code folders under `base`. */
export function codeDigest(base: string): string {
  const hash = createHash('sha256');
  for (const dir of PLANNING_CODE) {
    if (!existsSync(join(base, dir))) continue;
    const files = readdirSync(join(base, dir), { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && !f.name.endsWith('.map'))
      .map((f) => join(f.parentPath, f.name))
      .sort();
    for (const file of files) hash.update(`${relative(base, file)}\0`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

export function engineVersion(settings: EngineSettings): string {
  const hash = createHash('sha256').update(JSON.stringify(settings)).update(planningCodeDigest());
  for (const f of [
    settings.templateLibrary,
    settings.policy,
    ...(settings.ensemble ?? []),
    settings.filter,
    settings.valueModel,
    settings.precedents,
  ]) {
    if (!f) continue;
    const path = resolve(packageRoot(), f);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return `${settings.id}-${hash.digest('hex').slice(0, 12)}-rdkit${rdkitVersion()}`;
}

/** The same engine with none of its chemistry judges (for their A/Bs and the filter's negatives). */
export function withoutJudges(settings: EngineSettings): EngineSettings {
  return {
    ...settings,
    selectivity: undefined,
    solventReactants: null,
    regiochemistry: null,
    unactivatedFluorides: null,
    arylReductions: null,
    loneAtomDonors: null,
    ringArtifacts: null,
    separateTransformations: null,
  };
}

/** The engine's judges of proposed steps' chemistry (none: null). */
function stepJudge(settings: EngineSettings): StepJudge | null {
  const judges: StepJudge[] = [];
  if (settings.selectivity) judges.push(new SelectivityCheck(settings.selectivity));
  if (settings.solventReactants != null)
    judges.push(new SolventReactantCheck(settings.solventReactants));
  if (settings.regiochemistry != null)
    judges.push(new RegiochemistryCheck(settings.regiochemistry));
  if (settings.unactivatedFluorides != null)
    judges.push(new FluorideDisplacementCheck(settings.unactivatedFluorides));
  if (settings.arylReductions != null) judges.push(new ArylReductionCheck(settings.arylReductions));
  return judges.length ? new JudgePanel(judges) : null;
}

/** The engine's judges of templates themselves, as one (null when none is on). */
function templateJudge(settings: EngineSettings): TemplateJudgePanel | null {
  const judges: TemplateJudge[] = [];
  if (settings.loneAtomDonors != null) judges.push(new LoneAtomDonorCheck(settings.loneAtomDonors));
  if (settings.ringArtifacts != null) judges.push(new RingArtifactCheck(settings.ringArtifacts));
  if (settings.separateTransformations != null)
    judges.push(new ReactionCentreCheck(settings.separateTransformations));
  return judges.length ? new TemplateJudgePanel(judges) : null;
}

export function loadEngine(settings: EngineSettings): Engine {
  const library = TemplateLibrary.load(resolve(packageRoot(), settings.templateLibrary));
  const templates = new LibraryTemplateSet(library);
  const { policy, neighbours, saved } = loadExpansionPolicy(
    resolve(packageRoot(), settings.policy),
    templates,
    settings,
  );
  const filter = settings.filter
    ? new FeasibilityFilter(loadFilter(resolve(packageRoot(), settings.filter)))
    : null;
  const critics = {
    feasibility: filter,
    judge: stepJudge(settings),
    templateJudge: templateJudge(settings),
    precedents: precedentScorer(settings, saved, neighbours, filter),
  };
  const model = new TemplateReactionModel(templates, policy, settings.model, critics);
  const exploratoryModel = new TemplateReactionModel(
    templates,
    policy,
    settings.exploratoryModel,
    critics,
  );
  return {
    info: {
      id: settings.id,
      name: settings.name,
      description: settings.description,
      version: engineVersion(settings),
      templates: library.size,
      maxDepthDefault: DEFAULTS.maxDepth,
    },
    settings,
    library,
    model,
    exploratoryModel,
    costs: { reactionBaseCost: settings.reactionBaseCost, value: valueEstimate(settings) },
  };
}

/**
 * The search's estimate of what an unexplored molecule costs: the learned value
 * model when the engine has one, otherwise a guess from its heavy atoms.
 */
function valueEstimate(settings: EngineSettings): (smiles: string) => number {
  if (settings.valueModel) {
    const learned = new LearnedValue(loadValue(resolve(packageRoot(), settings.valueModel)));
    return (smiles) => learned.value(smiles);
  }
  return (smiles) =>
    Math.max(settings.value.minimum, settings.value.perHeavyAtom * heavyAtomCount(smiles));
}

/** The engine's precedent similarity (null without a precedents file or neighbours). */
function precedentScorer(
  settings: EngineSettings,
  saved: PolicyModel,
  neighbours: SimilarityPolicy | null,
  filter: FeasibilityFilter | null,
): PrecedentSimilarity | null {
  if (!settings.precedents || !neighbours || !saved.neighbours) return null;
  const index = neighbours.index;
  const precedents = loadPrecedents(
    resolve(packageRoot(), settings.precedents),
    saved.neighbours.bits,
    labelsDigest(saved.neighbours.labels),
    // The filter's fingerprint (a fold of the policy's) when it has one: it has just
    // fingerprinted the same precursors.
    filter && isFoldOf(filter.fingerprint, index.fingerprint)
      ? filter.fingerprint
      : index.fingerprint,
  );
  return new PrecedentSimilarity(
    index,
    precedents,
    PRECEDENT_NEIGHBOURS,
    PRECEDENT_SIMILARITY_POWER,
  );
}

function loadExpansionPolicy(
  path: string,
  templates: LibraryTemplateSet,
  settings: EngineSettings,
): { policy: ExpansionPolicy; neighbours: SimilarityPolicy | null; saved: PolicyModel } {
  const saved = loadPolicy(path);
  const fingerprint = saved.header.fingerprint ?? DEFAULT_MORGAN;
  const classIndex = libraryIndices(saved, templates);
  const members = (settings.ensemble ?? []).map((f) => loadPolicy(resolve(packageRoot(), f)));
  const temperature = settings.networkTemperature ?? 1;
  const networks = [
    networkPolicy(saved, classIndex, temperature),
    ...members.map((m) => networkPolicy(m, libraryIndices(m, templates), temperature)),
  ].filter((n): n is NetworkPolicy => n !== null);
  const network =
    networks.length > 1
      ? new BlendedPolicy(networks.map((policy) => ({ policy, weight: 1 / networks.length })))
      : (networks[0] ?? null);
  const neighbours = saved.neighbours
    ? new SimilarityPolicy(
        {
          bits: saved.neighbours.bits,
          labels: Int32Array.from(saved.neighbours.labels, (l) => (l >= 0 ? classIndex[l] : -1)),
        },
        fingerprint,
        settings.neighbourVote ?? undefined,
      )
    : null;
  const w = settings.networkWeight;
  if (network && neighbours && w < 1) {
    const policy = new BlendedPolicy([
      { policy: network, weight: w },
      { policy: neighbours, weight: 1 - w },
    ]);
    return { policy, neighbours, saved };
  }
  const only = network ?? neighbours;
  if (!only) throw new Error(`${path} holds neither a network nor neighbours`);
  return { policy: only, neighbours, saved };
}

/** Library index of each of a saved policy's labels (-1 when the library lacks the template). */
function libraryIndices(saved: PolicyModel, templates: LibraryTemplateSet): Int32Array {
  return Int32Array.from(saved.header.templateIds, (id) => templates.indexOf(id));
}

/** A saved policy's network, its labels given as library indices (null when the file holds none). */
function networkPolicy(
  saved: PolicyModel,
  classIndex: Int32Array,
  temperature: number,
): NetworkPolicy | null {
  if (!saved.mlp) return null;
  return new NetworkPolicy(
    saved.mlp,
    classIndex.subarray(0, saved.mlp.classes),
    saved.header.fingerprint ?? DEFAULT_MORGAN,
    temperature,
  );
}

/** What a search with an engine's model needs besides the stock: costs, step checks, route score. */
export function searchContext(
  eng: Engine,
  model: TemplateReactionModel,
): Omit<PlanContext, 'inStock'> {
  return {
    model,
    costs: eng.costs,
    verifyStep: (product, precursors, source) => model.verify(product, precursors, source),
    precedents: (source) => eng.library.entry(source)?.count ?? 1,
    routeWeights: eng.settings.routeWeights,
    compoundKeyer,
  };
}
