// The random source for codes people redeem (bulk codes, R19): the operating system's CSPRNG, read
// 4 KiB at a time (100,000 codes of 8 characters need 800,000 draws). A code someone can predict
// is a discount given away.
import { randomFillSync } from "node:crypto";
import type { Random } from "~/domain/codes/bulk";

export function cryptoRandom(): Random {
  const buffer = new Uint32Array(1024);
  let i = buffer.length;
  return () => {
    if (i === buffer.length) {
      randomFillSync(buffer);
      i = 0;
    }
    return buffer[i++]! / 4294967296;
  };
}
