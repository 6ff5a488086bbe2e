// Waits until every URL given answers (any HTTP status), or fails after 60 s.
const urls = process.argv.slice(2);
const deadline = Date.now() + 60_000;
for (const url of urls) {
  for (;;) {
    try {
      await fetch(url);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within 60 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
export {};
