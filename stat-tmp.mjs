import { RunStore } from './dist/src/store/run-store.js';
for (const dir of process.argv.slice(2)) {
  const s = RunStore.open(dir, { create: false });
  for (const cond of ['scripted', 'unary', 'none']) {
    let later = 0, noAns = 0, right = 0, dirn = 0;
    for (const e of s.episodes().filter((x) => x.condition === cond)) {
      const st = e.turns.map((t) => t.turn).filter((t) => t.role === 'student');
      st.forEach((t, i) => {
        if (i === 0) return;
        later++;
        if (t.extracted === null) noAns++;
        const prev = st[i - 1];
        const v = prev.verdict.summary;
        if (t.extracted !== null && prev.extracted !== null && /too (low|high)/.test(v)) {
          const a = Number(prev.extracted), b = Number(t.extracted);
          if (Number.isFinite(a) && Number.isFinite(b)) { dirn++; if ((/too low/.test(v) && b > a) || (/too high/.test(v) && b < a)) right++; }
        }
      });
    }
    console.log(dir.split('/').pop(), cond, 'later', later, 'no answer', (100 * noAns / later).toFixed(1) + '%', 'right way', dirn ? (100 * right / dirn).toFixed(1) + '%' : '-', dirn);
  }
  s.close();
}
