/** Public face of the chemistry core: the only module that touches RDKit. */
export {
  loadRDKit,
  rdkitHeapBytes,
  rdkitStatus,
  rdkitReady,
  rdkitVersion,
  ChemistryCrashError,
  ChemistryUnavailableError,
} from './rdkit.js';
export type { RDKitStatus } from './rdkit.js';
export { RDKIT_STRUCTURE_LIMITS, structureProblem } from './input-size.js';
export { canonicalSmiles, canonicalSet, stereoFreeSmiles } from './canonical.js';
export { tautomerKey } from './tautomer.js';
export { respellProduct } from './tautomer-respell.js';
export type { Respelling } from './tautomer-respell.js';
export { compoundKeyer } from './compound-key.js';
export { parentSmiles } from './parent.js';
export { Molecule, inchiKeyOf, DEFAULT_LIMITS } from './molecule.js';
export type {
  MoleculeLimits,
  MoleculeError,
  MoleculeErrorCode,
  ParseResult,
  Descriptors,
} from './molecule.js';
export {
  morganFingerprint,
  morganOnBits,
  precomputeOnBits,
  tanimoto,
  bitCount,
  onBits,
  FP_BITS,
  FP_WORDS,
  DEFAULT_MORGAN,
} from './fingerprint.js';
export type { MorganParams } from './fingerprint.js';
export { moleculeSvg, molBlock, reactionSvg } from './depict.js';
export { RetroTemplate, TemplateError } from './template.js';
export { PreparedMolecule } from './prepared.js';
export { applyTemplate, mayApply } from './apply.js';
export { AROMATIC_ORGANIC_SYMBOLS, ELEMENT, ORGANIC_SYMBOLS } from './elements.js';
export type { ApplyOptions } from './apply.js';
export { GroupCounter } from './functional-groups.js';
export {
  aromaticCHCount,
  benzeneRing,
  positionActivation,
  substitutionActivation,
  substitutionSite,
} from './aromatic-substitution.js';
export { unactivatedFluorideDisplacement } from './aromatic-displacement.js';
export { implausibleArylReduction } from './aryl-reduction.js';
export type { ArylReduction } from './aryl-reduction.js';
export { implausibleLoneAtomDonations } from './lone-atom-donors.js';
export type { LoneAtomDonation } from './lone-atom-donors.js';
export { ringArtifacts } from './ring-artifacts.js';
export type { RingArtifact } from './ring-artifacts.js';
export { reactionCentreArtifacts } from './reaction-centres.js';
export type { CentreArtifact } from './reaction-centres.js';
export { ringCount } from './rings.js';
export type { GroupDefinition } from './functional-groups.js';
