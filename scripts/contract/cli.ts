/**
 * `npm run contract`: checks that the built n8n package and Zapier app keep what users saved (n8n-nodes/contract.json,
 * zapier-app/contract.json). `npm run contract -- --update` records compatible additions; it never records a
 * breaking change.
 */
import { writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { compareContracts } from './compare';
import { CONTRACT_FILES, builtContract, releasedContract, type Plugin } from './built-contracts';
import { contractReport } from './report';

async function main(update: boolean): Promise<number> {
  let failed = false;
  for (const plugin of Object.keys(CONTRACT_FILES) as Plugin[]) {
    const built = await builtContract[plugin]();
    const diff = compareContracts(releasedContract(plugin), built);
    const report = contractReport(plugin, diff);
    if (update && diff.breaking.length === 0 && diff.additions.length > 0) {
      const filepath = CONTRACT_FILES[plugin];
      const text = await prettier.format(JSON.stringify(built), {
        ...(await prettier.resolveConfig(filepath)),
        filepath,
      });
      writeFileSync(CONTRACT_FILES[plugin], text);
      console.log(`${plugin}: recorded ${diff.additions.length} additions in ${CONTRACT_FILES[plugin]}`);
      continue;
    }
    if (report) {
      console.log(report);
      failed = true;
    } else console.log(`${plugin}: the build keeps the contract`);
  }
  return failed ? 1 : 0;
}

main(process.argv.includes('--update')).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
