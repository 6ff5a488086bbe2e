// The privacy family: the mandatory customers/data_request, customers/redact and shop/redact
// (R32), handled by app/services/privacy.server.ts. Each payload names its shop (`shop_domain`),
// held to the header's (docs/decisions/050).
import { z } from "zod";
import { redactCustomer, redactShop, reportCustomerData } from "~/services/privacy.server";
import { DeliveryRefused, family, topic } from "./family";

const id = z.union([z.number(), z.string().min(1)]);
const customerPayload = z.object({
  shop_id: id.optional(),
  shop_domain: z.string(),
  customer: z.object({ id, email: z.string().nullish() }),
});
export const dataRequestPayload = customerPayload.extend({ orders_requested: z.array(id).default([]) }).passthrough();
export const customerRedactPayload = customerPayload.extend({ orders_to_redact: z.array(id).default([]) }).passthrough();
export type DataRequestPayload = z.infer<typeof dataRequestPayload>;
export type CustomerRedactPayload = z.infer<typeof customerRedactPayload>;

const shopOf = (p: { shop_domain: string }) => p.shop_domain;

export const privacy = family({
  CUSTOMERS_DATA_REQUEST: topic({ schema: dataRequestPayload, shopOf, handle: ({ db }, delivery, request) => reportCustomerData(db, delivery.shop, request) }),
  CUSTOMERS_REDACT: topic({ schema: customerRedactPayload, shopOf, handle: ({ db }, delivery, request) => redactCustomer(db, delivery.shop, request) }),
  SHOP_REDACT: topic({
    schema: z.object({ shop_id: id, shop_domain: z.string() }).passthrough(),
    shopOf,
    handle: async ({ db, now }, delivery) => {
      const result = await redactShop(db, delivery.shop, now);
      if (!result.honoured) throw new DeliveryRefused(result.reason);
    },
  }),
});
