// DEACTIVATE_CODE (R15 at the usage limit, R24): stops a code working in a store. A code sharing
// a unified discount is removed from it (Shopify has no per-code switch); a code with its own
// discount has it deactivated. Past conversions keep their code.
// Codes of one unified discount are removed together: their redeem-code ids are read once (pages
// of 250) and removed 250 per call, not one call per code (R33: 1,000 members deactivated in a
// store cost a handful of calls).
import { deactivateDiscount, deleteRedeemCodes, findCodesInDiscount, REDEEM_CODES_PER_CALL } from "~/shopify/discounts.server";
import type { AdminClient } from "~/shopify/client.server";
import { chunk, groupBy, inChunks } from "~/services/chunks.server";
import { finish, finishMany } from "../settle.server";
import type { Claimed, Outcome, WorkerDeps } from "../types";

export async function deactivateCodes(deps: WorkerDeps, admin: AdminClient, store: string, ops: Claimed[]) {
  // The claim brought each operation's code; the store's rows bring the redeem-code ids, and the
  // (few) discounts they sit in are read once each.
  const storeCodes = await inChunks(ops, (part) =>
    deps.db.storeCode.findMany({
      where: { store, promoCodeId: { in: part.map((o) => o.promoCodeId!) } },
      select: { promoCodeId: true, remoteCodeId: true, discountGroupId: true },
    }),
  );
  const groupIds = [...new Set(storeCodes.map((sc) => sc.discountGroupId).filter((id): id is string => id !== null))];
  const groups = new Map((await deps.db.discountGroup.findMany({ where: { id: { in: groupIds } }, select: { id: true, key: true, remoteId: true } })).map((g) => [g.id, g]));
  const byCode = new Map(storeCodes.map((sc) => [sc.promoCodeId, { ...sc, discountGroup: sc.discountGroupId ? groups.get(sc.discountGroupId) : undefined }]));
  const groupOf = (op: Claimed) => byCode.get(op.promoCodeId!)?.discountGroup;
  // Nothing of the code's in this store: nothing to switch off.
  const absent = ops.filter((op) => !groupOf(op)?.remoteId);
  if (absent.length)
    await finishMany(
      deps,
      absent.map((op) => ({ op, outcome: { ok: true } })),
    );

  const unified = ops.filter((op) => groupOf(op)?.remoteId && groupOf(op)!.key === "unified");
  for (const groupOps of groupBy(unified, (op) => groupOf(op)!.id).values()) {
    const remoteId = groupOf(groupOps[0]!)!.remoteId!;
    const codes = groupOps.map((op) => ({ op, code: op.promoCode!.code, redeemCodeId: byCode.get(op.promoCodeId!)!.remoteCodeId }));
    const unknown = codes.filter((c) => !c.redeemCodeId).map((c) => c.code);
    const found = unknown.length ? await findCodesInDiscount(admin, remoteId, unknown) : new Map<string, string>();
    // The removals go out together (the client's bucket paces them), each settled as it lands; all
    // settle before a failure is reported, so none is still writing while the batch is failed.
    const settled = await Promise.allSettled(
      chunk(codes, REDEEM_CODES_PER_CALL).map(async (part) => {
        // A code no longer in the discount is out of it already.
        const present = part.map((c) => ({ code: c.code, redeemCodeId: c.redeemCodeId ?? found.get(c.code.toUpperCase()) ?? null })).filter((c) => c.redeemCodeId);
        const result = present.length ? await deleteRedeemCodes(admin, remoteId, present) : ({ ok: true } as const);
        const outcome: Outcome = result.ok ? { ok: true } : { ok: false, message: `Shopify refused to deactivate the code: ${result.message}` };
        await finishMany(
          deps,
          part.map((c) => ({ op: c.op, outcome })),
        );
      }),
    );
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw failure.reason;
  }

  for (const op of ops.filter((o) => groupOf(o)?.remoteId && groupOf(o)!.key !== "unified")) {
    const result = await deactivateDiscount(admin, groupOf(op)!.remoteId!);
    await finish(deps, op, result.ok ? { ok: true } : { ok: false, message: `Shopify refused to deactivate the code: ${result.message}` });
  }
}
