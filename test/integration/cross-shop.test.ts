import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/src/server";
import { control, startTestEmulator, US, CA, UK } from "../support/emulator";
import { resetDatabase } from "../support/db";
import { run } from "../support/requests";

// Tenants stay apart at the route level (issue 12): every loader that takes an id answers 404 to
// another shop's admin for this shop's offer, member, project or job, and shows none of it; every
// action given another shop's ids changes nothing there and never answers 500.
type Loader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

describe("routes across shops (loaders and actions)", () => {
  let emulator: Emulator;
  let prisma: typeof import("~/db.server").default;
  let loaders: Record<string, Loader>;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    process.env.SHOPIFY_EMULATOR_URL = emulator.url;
    prisma = (await import("~/db.server")).default;
    loaders = {
      "app.offers.$id._index": (await import("~/routes/app.offers.$id._index")).loader,
      "app.offers.$id.edit": (await import("~/routes/app.offers.$id.edit")).loader,
      "app.offers.$id.dashboard": (await import("~/routes/app.offers.$id.dashboard")).loader,
      "app.offers.$id.add-members": (await import("~/routes/app.offers.$id.add-members")).loader,
      "app.members.$id._index": (await import("~/routes/app.members.$id._index")).loader,
      "app.members.$id.dashboard": (await import("~/routes/app.members.$id.dashboard")).loader,
      "app.projects.$id": (await import("~/routes/app.projects.$id")).loader,
      "app.jobs.$id": (await import("~/routes/app.jobs.$id")).loader,
    } as Record<string, Loader>;
  });
  afterAll(async () => {
    await emulator.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
  });

  const bearer = async (shop: string, path: string) => {
    const { token } = (await control(emulator, "session-token", { shop })) as { token: string };
    return new Request(`${process.env.SHOPIFY_APP_URL}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  };

  it("R1a/R35: another shop's admin gets 404 from every loader that takes an id, and none of the data", async () => {
    const offer = await prisma.offer.create({
      data: { shop: US, name: "US secret offer", payoutType: "FLAT", payoutFlatCents: 100, groupName: "G", discountType: "PERCENTAGE", discountPercent: 10, startsAt: new Date() },
    });
    const member = await prisma.member.create({ data: { shop: US, firstName: "Secret", lastName: "Creator", email: "secret@creators.example" } });
    const project = await prisma.project.create({ data: { shop: US, name: "US project" } });
    const job = await prisma.job.create({ data: { shop: US, kind: "GENERATE_CODES", offerId: offer.id, actor: "user:1" } });
    const ids: Record<string, string> = {
      "app.offers.$id._index": offer.id,
      "app.offers.$id.edit": offer.id,
      "app.offers.$id.dashboard": offer.id,
      "app.offers.$id.add-members": offer.id,
      "app.members.$id._index": member.id,
      "app.members.$id.dashboard": member.id,
      "app.projects.$id": project.id,
      "app.jobs.$id": job.id,
    };
    for (const [route, id] of Object.entries(ids)) {
      const path = `/${route
        .replace(/\._index$/, "")
        .replace(/\./g, "/")
        .replace("$id", id)}`;
      // The owner sees it…
      const own = await run((args) => loaders[route]!({ ...args, params: { id } }), await bearer(US, path));
      expect(own instanceof Response ? own.status : 200, `${route} for ${US}`).toBe(200);
      // …another shop's admin does not.
      const other = await run((args) => loaders[route]!({ ...args, params: { id } }), await bearer(CA, path));
      expect(other, route).toBeInstanceOf(Response);
      expect((other as Response).status, route).toBe(404);
      expect(await (other as Response).text()).not.toMatch(/secret/i);
    }
  });

  const post = async (shop: string, path: string, fields: Record<string, string>) => {
    const request = await bearer(shop, path);
    return new Request(request.url, { method: "POST", headers: request.headers, body: new URLSearchParams(fields) });
  };
  /** Runs an action; a thrown Response is returned, anything else thrown (a 500) fails the test. */
  const act = async (path: string, route: string, id: string, shop: string, fields: Record<string, string>) => {
    const { action } = (await import(/* @vite-ignore */ `~/routes/${route}`)) as { action: Loader };
    const result = await run((args) => action({ ...args, params: { id } }), await post(shop, path, fields));
    if (result instanceof Response) expect(result.status, `${route} ${JSON.stringify(fields)}`).toBeLessThan(500);
    return result;
  };

  it("R1a/R35: actions given another shop's offer, project or store link change nothing there and never answer 500", async () => {
    const offer = await prisma.offer.create({
      data: { shop: US, name: "US offer", payoutType: "FLAT", payoutFlatCents: 100, groupName: "G", discountType: "PERCENTAGE", discountPercent: 10, startsAt: new Date() },
    });
    const member = await prisma.member.create({ data: { shop: US, firstName: "Una", lastName: "Us", email: "una@creators.example" } });
    const project = await prisma.project.create({ data: { shop: US, name: "US project" } });
    const link = await prisma.storeLink.create({ data: { primaryShop: US, connectedShop: CA, label: "Canada" } });
    const snapshot = async () => ({
      offer: await prisma.offer.findUniqueOrThrow({ where: { id: offer.id } }),
      codes: await prisma.promoCode.count(),
      jobs: await prisma.job.count(),
      projectMembers: await prisma.projectMember.count({ where: { projectId: project.id } }),
      link: await prisma.storeLink.findUniqueOrThrow({ where: { id: link.id } }),
    });
    const before = await snapshot();

    await act(`/app/offers/${offer.id}`, "app.offers.$id._index", offer.id, UK, {});
    await act(`/app/offers/${offer.id}/add-members`, "app.offers.$id.add-members", offer.id, UK, {
      intent: "generate",
      items: JSON.stringify([{ memberId: member.id, code: "UNA10" }]),
    });
    await act(`/app/offers/${offer.id}/edit`, "app.offers.$id.edit", offer.id, UK, {
      name: "Taken over",
      groupName: "G",
      discountType: "PERCENTAGE",
      discountPercent: "50",
      payoutType: "FLAT",
      payoutFlatCents: "1",
      startsAt: "2026-01-01",
    });
    await act(`/app/projects/${project.id}`, "app.projects.$id", project.id, UK, { firstName: "Mal", lastName: "Lory", email: "mal@evil.example" });
    await act(`/app/projects/${project.id}`, "app.projects.$id", project.id, UK, { intent: "import", csv: "first_name,last_name,email,handle\nMal,Lory,mal@evil.example,@mal" });
    await act("/app/settings/stores", "app.settings.stores", "", UK, { intent: "unlink", linkId: link.id });
    await act("/app/settings/stores", "app.settings.stores", "", UK, { intent: "toggle", linkId: link.id, syncEnabled: "false" });
    await act("/app/settings/stores", "app.settings.stores", "", UK, { intent: "label", linkId: link.id, label: "Mine now" });

    expect(await snapshot()).toEqual(before);
  });
});
