/**
 * The batch-scoring API's detail shapes (batch-scoring-v1.md): the best
 * route as compounds and atom-mapped reactions, and how it takes the target
 * apart. The engine fills them (src/engine/route-mapping.ts).
 */

/** One molecule occurrence in a route (batch-scoring `synthesis.compounds`). */
export interface SynthesisCompound {
  id: string;
  type: 'compound';
  smiles: string;
  /** The reaction making it, or null for a purchased building block. */
  productOf: string | null;
  /** The reaction using it, or null for the target. */
  substrateOf: string | null;
}

/** One step of a route with an atom-mapped reaction SMILES (batch-scoring `synthesis.reactions`). */
export interface SynthesisReaction {
  id: string;
  type: 'reaction';
  /** Mapped reaction SMILES `substrates>>product`; map numbers follow the target's atoms. */
  smiles: string;
  productId: string;
  substratesIds: string[];
}

export interface Synthesis {
  targetId: string;
  compounds: Record<string, SynthesisCompound>;
  reactions: Record<string, SynthesisReaction>;
}

/**
 * How the best route takes the target apart (batch-scoring `decomposition`):
 * atom ids are the map numbers of `mappedSmiles`; a bond is broken when the
 * route forms it (its atoms come from different building blocks).
 */
export interface Decomposition {
  atoms: string[];
  atomsPurchased: string[];
  atomsNotPurchased: string[];
  bonds: [string, string][];
  bondsBroken: [string, string][];
  bondsNotBroken: [string, string][];
  mappedSmiles: string;
}
