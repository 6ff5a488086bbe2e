import type { PrismaClient } from "@prisma/client";
import { newOfferValues, parseOfferForm, type OfferFormValues } from "~/domain/offers/offer-input";
import { createOffer } from "~/services/offers.server";
import { createProject } from "~/services/members.server";

export const ACTOR = "user:70000001";

export async function makeOffer(db: PrismaClient, shop: string, values: Partial<OfferFormValues> = {}) {
  const parsed = parseOfferForm({
    ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
    name: "Creator launch",
    groupName: "Creator launch codes",
    payoutFlatCents: "10",
    discountPercent: "20",
    ...values,
  });
  if (!parsed.ok) throw new Error(`invalid test offer: ${JSON.stringify(parsed.errors)}`);
  const result = await createOffer(db, { shop, actor: ACTOR, input: parsed.value });
  if (!result.ok) throw new Error(`offer not created: ${JSON.stringify(result.errors)}`);
  return result;
}

export async function makeProjectWithMembers(db: PrismaClient, shop: string, names: [string, string][], projectName = "Spring creators") {
  const created = await createProject(db, { shop, actor: ACTOR, name: projectName });
  if (!created.ok) throw new Error("project not created");
  const members = [];
  for (const [firstName, lastName] of names) {
    members.push(
      await db.member.create({
        data: {
          shop,
          firstName,
          lastName,
          email: `${firstName}.${lastName}@creators.example`.toLowerCase(),
          handle: `@${firstName.toLowerCase()}`,
          projects: { create: { projectId: created.project.id } },
        },
      }),
    );
  }
  return { project: created.project, members };
}
