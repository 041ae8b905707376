import { ProgressThrottle, ProgressTracker } from './progress-throttle';

function setup(intervalMs = 1000) {
  let now = 0;
  const writes: [number, number | null][] = [];
  const throttle = new ProgressThrottle(intervalMs, () => now);
  const sut = new ProgressTracker('job-1', null, async (done, total) => {
    writes.push([done, total]);
  }, throttle);
  return { sut, writes, throttle, tick: (ms: number) => (now += ms) };
}

describe('ProgressTracker', () => {
  it('writes the first item at once, then at most once per interval however many items finish', async () => {
    const { sut, writes, tick } = setup();
    for (let item = 0; item < 1000; item++) await sut.advance();
    expect(writes).toEqual([[1, null]]);
    tick(999);
    await sut.advance();
    expect(writes).toHaveLength(1);
    tick(1);
    await sut.advance();
    expect(writes).toEqual([
      [1, null],
      [1002, null],
    ]);
    expect(sut.done).toBe(1002);
  });

  it('writes a newly known total at once, whatever the throttle says', async () => {
    const { sut, writes } = setup();
    await sut.advance(5);
    await sut.setTotal(40);
    expect(writes).toEqual([
      [5, null],
      [5, 40],
    ]);
    expect(sut.total).toBe(40);
  });
});

describe('ProgressThrottle', () => {
  it('tells how long until the next write is let through', () => {
    const { throttle, tick } = setup(500);
    expect(throttle.due()).toBe(true);
    tick(200);
    expect(throttle.due()).toBe(false);
    expect(throttle.wait()).toBe(300);
  });
});
