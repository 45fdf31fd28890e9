/**
 * AiZynthFinder's reaction-tree format as a JSON Schema, written from its
 * documentation and its `ReactionTree.to_dict`/`from_dict`: molecule and
 * reaction nodes alternate; a molecule has at most one reaction child (none
 * when it is a leaf), a reaction at least one molecule child. Plus the checks a
 * schema cannot make (each reaction's SMILES names its parent as product and
 * its children as reactants; leaves are exactly the molecules in stock).
 */
import { Ajv } from 'ajv';
import { expect } from 'vitest';

const tree = {
  $id: 'aizynth-tree',
  $ref: '#/$defs/mol',
  $defs: {
    mol: {
      type: 'object',
      required: ['type', 'smiles', 'is_chemical', 'in_stock'],
      properties: {
        type: { const: 'mol' },
        hide: { type: 'boolean' },
        smiles: { type: 'string', minLength: 1 },
        is_chemical: { const: true },
        in_stock: { type: 'boolean' },
        children: { type: 'array', minItems: 1, maxItems: 1, items: { $ref: '#/$defs/reaction' } },
      },
    },
    reaction: {
      type: 'object',
      required: ['type', 'smiles', 'is_reaction', 'metadata', 'children'],
      properties: {
        type: { const: 'reaction' },
        hide: { type: 'boolean' },
        smiles: { type: 'string', pattern: '^[^>]+>>[^>]+$' },
        is_reaction: { const: true },
        metadata: { type: 'object' },
        children: { type: 'array', minItems: 1, items: { $ref: '#/$defs/mol' } },
      },
    },
  },
};

const target = {
  type: 'object',
  required: ['target', 'job_id', 'status', 'is_solved', 'number_of_routes', 'trees'],
  properties: {
    target: { type: 'string' },
    compound_id: { type: 'string' },
    job_id: { type: 'string' },
    status: { type: 'string' },
    is_solved: { type: 'boolean' },
    number_of_routes: { type: 'integer', minimum: 0 },
    trees: { type: 'array', items: { $ref: 'aizynth-tree' } },
  },
};

const ajv = new Ajv({ allErrors: true, schemas: [tree] });
const validTree = ajv.compile({ $ref: 'aizynth-tree' });
const validTarget = ajv.compile(target);

interface Node {
  type: string;
  smiles: string;
  in_stock?: boolean;
  children?: Node[];
}

/** Asserts a reaction tree has the format's structure and is chemically consistent; returns its leaves. */
export function expectAizynthTree(value: unknown): string[] {
  expect(validTree(value), JSON.stringify(validTree.errors)).toBe(true);
  const leaves: string[] = [];
  const walk = (mol: Node) => {
    if (!mol.children) {
      expect(mol.in_stock, `leaf ${mol.smiles} is a building block`).toBe(true);
      leaves.push(mol.smiles);
      return;
    }
    expect(mol.in_stock).toBe(false);
    const reaction = mol.children[0];
    const [reactants, product] = reaction.smiles.split('>>');
    expect(product).toBe(mol.smiles);
    expect(reaction.children!.map((c) => c.smiles)).toEqual(reactants.split('.'));
    reaction.children!.forEach(walk);
  };
  walk(value as Node);
  return leaves;
}

/** Asserts one target record (a row of aizynthcli's output table) and every tree in it. */
export function expectAizynthTarget(value: unknown): void {
  expect(validTarget(value), JSON.stringify(validTarget.errors)).toBe(true);
  const record = value as { trees: Node[]; number_of_routes: number; target: string };
  expect(record.trees).toHaveLength(record.number_of_routes);
  for (const t of record.trees) {
    expect(t.smiles).toBe(record.target);
    expectAizynthTree(t);
  }
}
