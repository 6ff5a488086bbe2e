// The sync worker's loop (R34): claim a batch, work each store in parallel (each has its own cost
// bucket), and within a store each offer's operations action by action, in a fixed order:
// checks first (they queue creations), removals and deactivations before creations (a code moved
// between discounts is freed before it is added), settings last.
import type { Offer } from "@prisma/client";
import type { AdminClient } from "~/shopify/client.server";
import { percentFor } from "~/services/stores.server";
import { splitByGrant } from "./grants.server";
import { groupBy } from "~/services/chunks.server";
import { claim, keepLeaseAlive, leaseMsOf } from "./claim.server";
import { failureOf } from "./failures.server";
import { finishMany, finishOpen, reconcileFinishedJobs, refreshJobs, settleToggledCodes } from "./settle.server";
import { checkCodes } from "./actions/check.server";
import { removeCodes } from "./actions/remove.server";
import { deactivateCodes } from "./actions/deactivate.server";
import { createInUnifiedGroup } from "./actions/create-unified.server";
import { createPerCodeDiscounts } from "./actions/create-per-code.server";
import { updateDiscounts } from "./actions/update-discount.server";
import { activateCodes } from "./actions/activate.server";
import { revertDrift } from "./actions/revert-drift.server";
import { assertNever, SYNC_ACTIONS, type Claimed, type SyncAction, type WorkerDeps } from "./types";

const DEFAULT_BATCH = 5000;

/** Runs operations until none is claimable. Returns how many were finished (either way). */
export async function runPendingOperations(deps: WorkerDeps): Promise<number> {
  let finished = 0;
  for (;;) {
    // 5,000: one claim holds 1,000 codes' creations in 5 stores, so each store's bulk adds (250
    // codes each) go out together instead of one claim round (and its round trips) after another.
    const ops = await claim(deps, deps.batchSize ?? DEFAULT_BATCH);
    if (ops.length === 0) {
      await reconcileFinishedJobs(deps.db);
      return finished;
    }
    const stopRenewing = keepLeaseAlive(deps.db, ops[0]!.leaseOwner!, leaseMsOf(deps));
    try {
      const byStore = groupBy(ops, (op) => op.store);
      await Promise.all([...byStore].map(([store, storeOps]) => runStore(deps, store, storeOps)));
    } finally {
      stopRenewing();
    }
    finished += ops.length;
    // R25: a toggled code's overall status follows its stores once this batch's outcomes are all
    // committed (workers finishing other stores of the same code concurrently each settle after
    // their own commits: the last one sees every store).
    await settleToggledCodes(deps.db, [...new Set(ops.filter((o) => o.action === "ACTIVATE_CODE" || o.action === "DEACTIVATE_CODE").map((o) => o.promoCodeId!))]);
    await refreshJobs(deps.db, [...new Set(ops.map((o) => o.jobId).filter((id): id is string => Boolean(id)))]);
  }
}

async function runStore(deps: WorkerDeps, store: string, ops: Claimed[]) {
  let admin: AdminClient;
  try {
    admin = await deps.adminFor(store);
  } catch (error) {
    await finishMany(
      deps,
      ops.map((op) => ({ op, outcome: { ok: false, message: `The app has no access to ${store}: ${(error as Error).message}` } })),
    );
    return;
  }
  for (const [offerId, offerOps] of groupBy(ops, (op) => op.offerId)) {
    const offer = await deps.db.offer.findUnique({ where: { id: offerId } });
    if (!offer) {
      await finishMany(
        deps,
        offerOps.map((op) => ({ op, outcome: { ok: false, message: "The offer no longer exists." } })),
      );
      continue;
    }
    // R1a: another store's session is used only while its admin's grant stands (or, R42, for
    // what that store's own admin asked for when revoking it: grants.server.ts).
    const { allowed, refused } = await splitByGrant(deps.db, offer.shop, store, offerOps);
    if (refused.length)
      await finishMany(
        deps,
        refused.map((op) => ({ op, outcome: { ok: false, message: `${store} is no longer connected to ${offer.shop}: nothing was done there.` } })),
      );
    if (!allowed.length) continue;
    const percent = await percentFor(deps.db, offer, store);
    const byAction = groupBy(allowed, (op) => op.action);
    try {
      for (const action of SYNC_ACTIONS) {
        const actionOps = byAction.get(action);
        if (actionOps?.length) await apply(deps, admin, store, offer, action, actionOps, percent);
      }
    } catch (error) {
      // Whatever this batch had not finished gets the failure (retried when transient).
      await finishOpen(deps, allowed, failureOf(error, store));
    }
  }
}

/** One action's operations for one offer in one store. Every action must be handled here. */
function apply(deps: WorkerDeps, admin: AdminClient, store: string, offer: Offer, action: SyncAction, ops: Claimed[], percent: number | null): Promise<void> {
  switch (action) {
    case "CHECK_CODE":
      return checkCodes(deps, offer, ops);
    case "DELETE_CODE":
      return removeCodes(deps, admin, store, ops);
    case "REVERT_DRIFT":
      return revertDrift(deps, admin, store, ops);
    case "DEACTIVATE_CODE":
      return deactivateCodes(deps, admin, store, ops);
    case "CREATE_CODE":
      return offer.datesMode === "UNIFIED" ? createInUnifiedGroup(deps, admin, store, offer, ops, percent) : createPerCodeDiscounts(deps, admin, store, offer, ops, percent);
    case "ACTIVATE_CODE":
      return activateCodes(deps, admin, store, offer, ops, percent);
    case "UPDATE_DISCOUNT":
      return updateDiscounts(deps, admin, offer, ops, percent);
    default:
      return assertNever(action);
  }
}
