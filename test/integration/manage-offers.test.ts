// "Manage offers" from a project and a member, and the offer table's "select all N matching"
// (R20, R23–R26), through the routes as App Bridge calls them (a session token), then the worker
// against the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { projectOfferChoices, projectSelectionInOffer, setOfferConnection } from "~/services/manage-offers.server";
import { matchingOfferMemberIds } from "~/services/offers.server";
import { resetDatabase } from "../support/db";
import { clientFor, control, startTestEmulator, US, CA } from "../support/emulator";
import { ACTOR, makeOffer, makeProjectWithMembers } from "../support/factories";
import { adminPost, runRoute } from "../support/admin-requests";
import * as manageRoute from "~/routes/app.projects.$id_.manage";
import * as memberRoute from "~/routes/app.members.$id._index";
import * as offerRoute from "~/routes/app.offers.$id._index";
import * as refreshRoute from "~/routes/app.offers.$id.refresh";

type RouteFn = Parameters<typeof runRoute>[0];

describe("manage offers from a project, a member and the offer table (R20, R23–R26)", { timeout: 180_000 }, () => {
  let emulator: Emulator;
  let token: string;
  beforeAll(async () => {
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    emulator = await startTestEmulator();
    process.env.SHOPIFY_EMULATOR_URL = emulator.url;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await emulator.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
    token = ((await control(emulator, "session-token", { shop: US, lifetimeSeconds: 3600 })) as { token: string }).token;
  });

  const worker = () => runPendingOperations({ db: prisma, adminFor: async (s) => clientFor(emulator, s), pollMs: 5 });
  const post = (fn: unknown, path: string, fields: Record<string, string>, params: Record<string, string>) =>
    runRoute(fn as RouteFn, adminPost(path, token, new URLSearchParams(fields)), params);
  const get = (fn: unknown, path: string, params: Record<string, string>) =>
    runRoute(fn as RouteFn, new Request(`${process.env.SHOPIFY_APP_URL}${path}`, { headers: { Authorization: `Bearer ${token}` } }), params);

  /** Project "Spring" (Anna, Ben, Cara) and "Other" (Dev); offers connected to Spring now, before, never. */
  async function setUp() {
    const spring = await makeProjectWithMembers(
      prisma,
      US,
      [
        ["Anna", "Lee"],
        ["Ben", "Ortiz"],
        ["Cara", "Diaz"],
      ],
      "Spring",
    );
    const other = await makeProjectWithMembers(prisma, US, [["Dev", "Patel"]], "Other");
    const [anna, ben, cara] = spring.members;
    const dev = other.members[0]!;
    const offer = async (name: string, items: { memberId: string; code: string }[], projectIds: string[]) => {
      const { offer } = await makeOffer(prisma, US, { name, groupName: `${name} codes` });
      const r = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: offer.id, items, projectIds });
      if (!r.ok) throw new Error(JSON.stringify(r));
      return offer.id;
    };
    const now = await offer(
      "Now",
      [
        { memberId: anna!.id, code: "ANNA-NOW" },
        { memberId: ben!.id, code: "BEN-NOW" },
      ],
      [spring.project.id],
    );
    const before = await offer("Before", [{ memberId: anna!.id, code: "ANNA-BEFORE" }], [spring.project.id]);
    await setOfferConnection(prisma, { shop: US, actor: ACTOR, projectId: spring.project.id, offerId: before, connected: false });
    const elsewhere = await offer(
      "Elsewhere",
      [
        { memberId: anna!.id, code: "ANNA-ELSE" },
        { memberId: dev.id, code: "DEV-ELSE" },
      ],
      [other.project.id],
    );
    await worker();
    return { project: spring.project.id, anna: anna!, ben: ben!, cara: cara!, dev, now, before, elsewhere };
  }

  it("R26: a project lists only offers connected now that the selected members belong to; members outside the offer are left out and counted", async () => {
    const s = await setUp();
    const selected = [s.anna.id, s.ben.id, s.cara.id, s.dev.id];
    // Dev is not in the project: not part of the selection at all.
    expect(await projectOfferChoices(prisma, US, s.project, selected)).toEqual([{ id: s.now, name: "Now", members: 2, outside: 1 }]);
    expect(await projectSelectionInOffer(prisma, US, s.project, s.before, selected)).toBeNull();
    expect(await projectSelectionInOffer(prisma, US, s.project, s.elsewhere, selected)).toBeNull();
    expect(await projectOfferChoices(prisma, CA, s.project, selected)).toBeNull();

    // Through the route: deactivate in "Now" → confirmation first, then one job; Cara is left out.
    const members = `${s.anna.id},${s.ben.id},${s.cara.id}`;
    const ask = await post(manageRoute.action, `/app/projects/${s.project}/manage`, { intent: "deactivate", offerId: s.now, members }, { id: s.project });
    expect(ask).toMatchObject({ status: 200, body: { preview: { intent: "deactivate", changed: 2, skipped: 0, stores: 1, outside: 1 } } });
    expect(await prisma.job.count({ where: { kind: "DEACTIVATE_CODES" } })).toBe(0);
    const refusedOffer = await post(
      manageRoute.action,
      `/app/projects/${s.project}/manage`,
      { intent: "deactivate", offerId: s.elsewhere, members, confirm: "true" },
      { id: s.project },
    );
    expect(refusedOffer).toMatchObject({ status: 422, body: { error: "Choose one of the offers connected to this project." } });
    const done = await post(manageRoute.action, `/app/projects/${s.project}/manage`, { intent: "deactivate", offerId: s.now, members, confirm: "true" }, { id: s.project });
    expect(done.status).toBe(302);
    await worker();
    const codes = await prisma.promoCode.findMany({ where: { current: true }, orderBy: { code: "asc" } });
    expect(codes.map((c) => [c.code, c.status])).toEqual([
      ["ANNA-BEFORE", "ACTIVE"],
      ["ANNA-ELSE", "ACTIVE"],
      ["ANNA-NOW", "DEACTIVATED"],
      ["BEN-NOW", "DEACTIVATED"],
      ["DEV-ELSE", "ACTIVE"],
    ]);
    expect(await prisma.auditEntry.count({ where: { action: "codes.deactivate" } })).toBe(1);

    // Refresh from the project: the refresh page lists only the members in the offer and says how many are left out.
    const page = await get(refreshRoute.loader, `/app/offers/${s.now}/refresh?project=${s.project}&all=1`, { id: s.now });
    expect(page.status).toBe(200);
    const body = page.body as Awaited<ReturnType<typeof refreshRoute.loader>>;
    expect(body.outside).toBe(1);
    expect(body.candidates.map((c) => [c.name, c.reason])).toEqual([
      ["Anna Lee", "This member's code is deactivated: activate it first."],
      ["Ben Ortiz", "This member's code is deactivated: activate it first."],
    ]);
  });

  it("R23/R20: a member's own page activates their code in one offer (confirmed first) and links to its refresh", async () => {
    const s = await setUp();
    const membership = await prisma.offerMember.findFirstOrThrow({ where: { offerId: s.now, memberId: s.anna.id } });
    const ask = await post(memberRoute.action, `/app/members/${s.anna.id}`, { intent: "deactivate", offerMemberId: membership.id }, { id: s.anna.id });
    expect(ask).toMatchObject({ status: 200, body: { preview: { changed: 1, stores: 1 } } });
    expect((await post(memberRoute.action, `/app/members/${s.anna.id}`, { intent: "deactivate", offerMemberId: membership.id, confirm: "true" }, { id: s.anna.id })).status).toBe(
      302,
    );
    await worker();
    expect((await prisma.promoCode.findFirstOrThrow({ where: { code: "ANNA-NOW" } })).status).toBe("DEACTIVATED");
    // Another member's membership through Anna's page is refused.
    const bens = await prisma.offerMember.findFirstOrThrow({ where: { offerId: s.now, memberId: s.ben.id } });
    expect(await post(memberRoute.action, `/app/members/${s.anna.id}`, { intent: "deactivate", offerMemberId: bens.id, confirm: "true" }, { id: s.anna.id })).toMatchObject({
      status: 422,
      body: { error: "This member is not in that offer." },
    });

    // Refresh through the refresh page's action: a row error comes back keyed by membership, nothing written.
    const bad = await post(refreshRoute.action, `/app/offers/${s.now}/refresh`, { items: JSON.stringify([{ offerMemberId: bens.id, code: "ANNA-ELSE" }]) }, { id: s.now });
    expect(bad).toMatchObject({ status: 422, body: { itemErrors: { [bens.id]: '"ANNA-ELSE" is already used in the offer "Elsewhere". Pick another code.' } } });
    const good = await post(refreshRoute.action, `/app/offers/${s.now}/refresh`, { items: JSON.stringify([{ offerMemberId: bens.id, code: "BEN-FRESH" }]) }, { id: s.now });
    expect(good.status).toBe(302);
    await worker();
    expect((await prisma.promoCode.findFirstOrThrow({ where: { current: true, memberId: s.ben.id, offerId: s.now } })).code).toBe("BEN-FRESH");
  });

  it("R24: 'select all N matching' with a status filter deactivates only what the filter matches", async () => {
    const s = await setUp();
    const anna = await prisma.offerMember.findFirstOrThrow({ where: { offerId: s.now, memberId: s.anna.id } });
    await post(offerRoute.action, `/app/offers/${s.now}`, { intent: "deactivate", members: JSON.stringify([anna.id]), confirm: "true" }, { id: s.now });
    await worker();
    expect(await matchingOfferMemberIds(prisma, US, s.now, { status: "DEACTIVATED" })).toEqual([anna.id]);
    const ask = await post(offerRoute.action, `/app/offers/${s.now}`, { intent: "activate", members: "ALL", status: "DEACTIVATED" }, { id: s.now });
    expect(ask).toMatchObject({ status: 200, body: { preview: { changed: 1, skipped: 0, members: [anna.id] } } });
    const unknownStatus = await post(offerRoute.action, `/app/offers/${s.now}`, { intent: "activate", members: "ALL", status: "EVERYTHING" }, { id: s.now });
    expect(unknownStatus.status).toBe(422);
  });
});
