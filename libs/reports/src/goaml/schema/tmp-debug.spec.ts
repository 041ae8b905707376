import { readFileSync } from 'node:fs';
import { compileXsd } from './xsd-compiler';
it('dump', () => {
  for (const f of ['goAMLSchema-5.0.2-ae-patched.xsd', 'goAMLSchema-4.0.2-id.xsd', 'goAMLSchema-2.0-lk.xsd', 'goAMLSchema-5.0.2-ae-original.xsd']) {
    const t0 = Date.now();
    const c = compileXsd(readFileSync('/work/shared/data/goaml/schema/' + f, 'utf8'));
    const ms = Date.now() - t0;
    const s = JSON.stringify(c);
    process.stdout.write(`${f}: ${ms}ms json=${s.length} types=${Object.keys(c.types).length} codeLists=${Object.keys(c.codeLists).length}\n wrappers=${JSON.stringify(c.wrappers)}\n keys=${Object.keys(c.types).filter(k=>k.includes('#')).join(',')}\n`);
    const sub = (c.types.report.content as any);
    process.stdout.write(JSON.stringify(sub.particles.map((p: any) => p.kind === 'element' ? p.name : p.kind + '[' + p.particles.map((q: any) => q.name ?? q.kind).join('|') + ']')) + '\n');
    process.stdout.write(JSON.stringify((c.types['report/transaction'].content as any).particles.slice(0, 3)) + '\n');
  }
});
