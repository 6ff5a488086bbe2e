// REVERT_DRIFT (R37): undoes code changes made in a store's admin, for the drift items the merchant
// chose to revert (status REVERTING, this operation's job): a code someone else added to the app's
// discount is taken out; a member's code renamed in a discount of its own is renamed back (the
// redeem code keeps its id); a member's code renamed in a shared discount is taken out under its
// new name (the same job's CREATE_CODE puts the member's name back). What else a revert needs
// (settings, a deleted discount, a removed code) is UPDATE_DISCOUNT and CREATE_CODE.
import { deleteRedeemCodes, describeUserErrors, UPDATE_CODE_DISCOUNT } from "~/shopify/discounts.server";
import type { AdminClient } from "~/shopify/client.server";
import { finish } from "../settle.server";
import type { Claimed, Outcome, WorkerDeps } from "../types";

export async function revertDrift(deps: WorkerDeps, admin: AdminClient, store: string, ops: Claimed[]) {
  for (const op of ops) {
    const items = await deps.db.driftItem.findMany({
      where: {
        offerId: op.offerId,
        store,
        jobId: op.jobId,
        status: "REVERTING",
        kind: { in: ["CODE_ADDED", "CODE_RENAMED"] },
      },
    });
    let outcome: Outcome = { ok: true };
    for (const item of items) {
      const group = item.discountGroupId
        ? await deps.db.discountGroup.findUnique({
            where: { id: item.discountGroupId },
          })
        : null;
      if (!group?.remoteId) continue;
      const before = JSON.parse(item.before) as { code?: string };
      const after = JSON.parse(item.after) as {
        code?: string;
        redeemCodeId?: string;
      };
      if (!after.code) continue;
      if (item.kind === "CODE_RENAMED" && group.key !== "unified" && before.code) {
        const { userErrors } = await admin.mutate(UPDATE_CODE_DISCOUNT, {
          id: group.remoteId,
          input: { code: before.code } as never,
        });
        if (userErrors.length)
          outcome = {
            ok: false,
            message: `Shopify refused to rename ${after.code} back to ${before.code}: ${describeUserErrors(userErrors)}`,
          };
        continue;
      }
      const result = await deleteRedeemCodes(admin, group.remoteId, [{ code: after.code, redeemCodeId: after.redeemCodeId ?? null }]);
      if (!result.ok)
        outcome = {
          ok: false,
          message: `Shopify refused to remove ${after.code}: ${result.message}`,
        };
    }
    await finish(deps, op, outcome);
  }
}
