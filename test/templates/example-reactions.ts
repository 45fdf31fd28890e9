/**
 * Atom-mapped reactions written for RDChiral's example template extractions
 * (rdchiral_cases/example_template_extractions_good.json lists only the
 * templates): each is a plausible reaction whose RDChiral extraction is the
 * listed template, keyed by the example's reaction_id.
 */
export const EXAMPLE_REACTIONS: Record<number, string> = {
  // bromination of an arene with NBS
  25: 'O=C1CCC(=O)N1[Br:1].[cH:3]1[cH:2][cH:7][c:6]([CH3:9])[cH:5][cH:4]1>>[Br:1][c:3]1[cH:2][cH:7][c:6]([CH3:9])[cH:5][cH:4]1',
  // ethyl ester hydrolysis
  35: 'CC[O:1][C:2](=[O:3])[CH2:4][CH3:5]>>[OH:1][C:2](=[O:3])[CH2:4][CH3:5]',
  // nitrile hydration (amide oxygen from sulfuric acid)
  49: 'O=S(=O)(O)[OH:1].[CH3:5][CH2:2][C:3]#[N:4]>>[CH3:5][CH2:2][C:3](=[O:1])[NH2:4]',
  // amide from an acyl chloride and an aniline
  51: 'Cl[C:1](=[O:3])[CH2:2][CH3:6].[NH2:4][c:5]1[cH:7][cH:8][cH:9][cH:10][cH:11]1>>[CH3:6][CH2:2][C:1](=[O:3])[NH:4][c:5]1[cH:7][cH:8][cH:9][cH:10][cH:11]1',
  // aminomethylation of a thioamide with formaldehyde and a secondary amine
  67: 'O=[CH2:1].[CH3:8][CH2:2][NH:3][CH2:4][CH3:9].[NH2:5][C:6](=[S:7])[CH2:10][CH3:11]>>[CH3:8][CH2:2][N:3]([CH2:4][CH3:9])[CH2:1][NH:5][C:6](=[S:7])[CH2:10][CH3:11]',
  // benzodioxane from catechol and 1,2-dibromoethane
  115: 'Br[CH2:1][CH2:2]Br.[OH:3][c:4]1[c:5]([OH:6])[cH:7][cH:8][cH:9][cH:10]1>>[CH2:1]1[CH2:2][O:6][c:5]2[cH:7][cH:8][cH:9][cH:10][c:4]2[O:3]1',
  // chlorination of a pyrimidinone with POCl3
  119: 'ClP(Cl)(=O)[Cl:1].O=[c:2]1[cH:3][cH:4][n:5][cH:6][nH:7]1>>[Cl:1][c:2]1[cH:3][cH:4][n:5][cH:6][n:7]1',
  // O-alkylation of a 2-hydroxypyridine with a tosylate
  126: 'Cc1ccc(S(=O)(=O)O[CH2:1][CH2:2][CH3:10])cc1.[OH:5][c:4]1[cH:6][cH:7][cH:8][cH:9][n:3]1>>[CH3:10][CH2:2][CH2:1][O:5][c:4]1[cH:6][cH:7][cH:8][cH:9][n:3]1',
  // epoxide opening by an amine
  134: '[CH3:6][CH2:1][NH2:2].[CH3:7][CH:3]1[CH2:4][O:5]1>>[CH3:6][CH2:1][NH:2][CH2:4][CH:3]([OH:5])[CH3:7]',
  // phenyl acetate hydrolysis
  168: 'CC(=O)[O:1][c:2]1[cH:3][cH:4][cH:5][cH:6][cH:7]1>>[OH:1][c:2]1[cH:3][cH:4][cH:5][cH:6][cH:7]1',
  // Knoevenagel condensation
  195: 'O=[CH:1][c:2]1[cH:9][cH:12][cH:13][cH:14][cH:15]1.[CH3:11][CH2:10][O:3][C:4](=[O:5])[CH2:6][C:7]#[N:8]>>[CH3:11][CH2:10][O:3][C:4](=[O:5])[C:6]([C:7]#[N:8])=[CH:1][c:2]1[cH:9][cH:12][cH:13][cH:14][cH:15]1',
  // addition of a 2-lithiopyridine to an aldehyde
  242: '[Li][c:2]1[cH:3][cH:7][cH:8][cH:9][n:1]1.[O:4]=[CH:5][c:6]1[cH:10][cH:11][cH:12][cH:13][cH:14]1>>[n:1]1[c:2]([CH:5]([OH:4])[c:6]2[cH:10][cH:11][cH:12][cH:13][cH:14]2)[cH:3][cH:7][cH:8][cH:9]1',
  // benzylic bromination with NBS
  250: 'O=C1CCC(=O)N1[Br:1].[CH3:2][c:3]1[cH:4][cH:5][cH:6][cH:7][cH:8]1>>[Br:1][CH2:2][c:3]1[cH:4][cH:5][cH:6][cH:7][cH:8]1',
  // 2-amino-3-cyanochromone from an acetylsalicyloyl chloride and malononitrile
  1076: 'CC(=O)[O:1][c:2]1[cH:14][cH:13][cH:12][cH:11][c:3]1[C:4](Cl)=[O:5].[N:6]#[C:7][CH2:8][C:9]#[N:10]>>[NH2:10][c:9]1[o:1][c:2]2[cH:14][cH:13][cH:12][cH:11][c:3]2[c:4](=[O:5])[c:8]1[C:7]#[N:6]',
};
