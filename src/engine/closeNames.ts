// "Did you mean ...?": the names nearest a mistyped one, for exercise ids and learner file names alike.

/** Names within a few typos of `name`, or containing it, nearest first (at most three). */
export function closeNames(name: string, ids: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return ids
    .map((id) => ({ id, distance: id.includes(name) || name.includes(id) ? 0 : editDistance(name, id) }))
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map(({ id }) => id);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length];
}
