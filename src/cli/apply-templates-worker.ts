/** Worker thread for `synroute apply-templates --threads N`. */
import { loadRDKit } from '../chem/index.js';
import {
  applyToMolecules,
  NumberedLine,
  parseTemplateLines,
  ParsedTemplates,
} from './apply-templates-core.js';

let cached: { key: string; parsed: ParsedTemplates } | undefined;

export default async function run(task: { templates: string[]; molecules: NumberedLine[] }) {
  await loadRDKit();
  const key = task.templates.join('\n');
  if (cached?.key !== key) cached = { key, parsed: parseTemplateLines(task.templates) };
  return applyToMolecules(cached.parsed.templates, task.molecules);
}
