// Wakes the in-process email worker after messages were queued and committed (as the sync
// outbox does for sync work, docs/decisions/010): writers call emailQueued() after their
// transaction; routes never wake workers.
type Waker = () => void;
const wakers = new Set<Waker>();

export function onEmailWork(waker: Waker): () => void {
  wakers.add(waker);
  return () => wakers.delete(waker);
}

export function emailQueued(): void {
  for (const wake of wakers) wake();
}
