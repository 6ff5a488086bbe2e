import { Prisma, type PrismaClient } from "@prisma/client";

/** Empties every table (children first), so each test starts from a blank database. */
export async function resetDatabase(db: PrismaClient): Promise<void> {
  const models = [...Prisma.dmmf.datamodel.models].reverse();
  for (const model of models) {
    const delegate = (db as unknown as Record<string, { deleteMany: () => Promise<unknown> }>)[model.name.charAt(0).toLowerCase() + model.name.slice(1)];
    await delegate!.deleteMany();
  }
}
