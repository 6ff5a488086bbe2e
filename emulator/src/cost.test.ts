// Shopify's calculated query cost, one test per rule learned from recorded live calls
// (docs/shopify-query-cost.md). The documents are written here; the expected figures follow the rules.
import { parse, Kind, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { operationCost, partialPageItems, sizeFactor } from "./cost";
import { adminSchema } from "./schema";

function cost(source: string, variables: Record<string, unknown> = {}, data?: Record<string, unknown> | null) {
  const doc = parse(source);
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return operationCost(adminSchema(), op, fragments, variables, data);
}

describe("R33: Shopify query cost, objects and scalars", () => {
  it("an object costs 1 and its scalars and enums nothing", () => expect(cost("{ shop { name currencyCode } }")).toBe(1));
  it("every operation costs at least 1, even { __typename }", () => expect(cost("{ __typename }")).toBe(1));
  it("objects nest additively", () => expect(cost('{ order(id: "gid://shopify/Order/1") { id customer { id } } }')).toBe(2));
  it("embedded values (money, addresses, weights, page info, API versions, webhook endpoints) are free", () => {
    expect(cost("{ shop { shopAddress { countryCodeV2 } billingAddress { city } } }")).toBe(1);
    expect(cost('{ webhookSubscription(id: "x") { id apiVersion { handle } endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } } }')).toBe(1);
    expect(cost('{ order(id: "gid://shopify/Order/1") { totalPriceSet { shopMoney { amount currencyCode } } shippingAddress { city } } }')).toBe(1);
    expect(cost('{ productVariant(id: "gid://shopify/ProductVariant/1") { inventoryItem { measurement { weight { value unit } } } } }')).toBe(2);
  });
  it("a store credit account costs 6, wherever it is selected", () => {
    expect(cost('{ storeCreditAccount(id: "x") { id } }')).toBe(6);
    expect(cost('{ customer(id: "x") { storeCreditAccounts(first: 10) { nodes { id } } } }')).toBe(1 + 2 + 4 * 6);
  });
  it("an interface or union costs its most expensive possible selection", () =>
    expect(cost('{ node(id: "x") { id ... on Product { variants(first: 10) { nodes { id } } } ... on Collection { id } } }')).toBe(1 + 6));
});

describe("R33: Shopify query cost, introspection", () => {
  it("__type and its lists are charged like objects when requested", () => expect(cost('{ __type(name: "Product") { name fields { name } } }')).toBe(2));
  it("the lists of introspection are free once run", () => expect(cost('{ __type(name: "Product") { fields { name } } }', {}, { __type: { fields: [{ name: "id" }] } })).toBe(1));
});

describe("R33: Shopify query cost, connections", () => {
  it("the size factor grows with the logarithm of the page size: floor(2·ln n), at least 1", () => {
    expect([0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 250].map(sizeFactor)).toEqual([0, 1, 1, 2, 3, 4, 5, 7, 9, 10, 11]);
  });
  it("a connection costs 2 plus the size factor times one item", () => {
    expect(cost("{ products(first: 250) { nodes { id } } }")).toBe(13);
    expect(cost("{ products(first: 10) { nodes { id title } } }")).toBe(6);
    expect(cost("{ products(last: 1) { nodes { id } } }")).toBe(3);
    expect(cost("{ products(first: 0) { nodes { id } } }")).toBe(2);
  });
  it("the page size can come from a variable", () => expect(cost("query($n: Int) { products(first: $n) { nodes { id } } }", { n: 50 })).toBe(9));
  it("an item's objects are part of the item", () => expect(cost("{ locations(first: 10) { nodes { id localPickupSettingsV2 { pickupTime } } } }")).toBe(2 + 4 * 2));
  it("nested connections multiply through the size factors, not through first", () =>
    expect(cost("{ products(first: 250) { nodes { id variants(first: 250) { nodes { id } } } } }")).toBe(2 + 11 * (1 + 13)));
  it("nodes and edges selected together are both charged; pageInfo and cursor are free", () =>
    expect(cost("{ customers(first: 10) { nodes { id } edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }")).toBe(2 + 4 * 2));
});

describe("R33: Shopify query cost, counts", () => {
  it("a *Count root costs 10", () => {
    expect(cost("{ productsCount { count precision } }")).toBe(10);
    expect(cost('{ a: ordersCount(query: "x") { count } b: ordersCount { count } }')).toBe(20);
  });
  it("a count nested in an object costs 1", () => expect(cost('{ product(id: "x") { variantsCount { count } } }')).toBe(2));
  it("a blog's article count costs 10", () => expect(cost('{ blog(id: "x") { articlesCount { count } } }')).toBe(11));
});

describe("R33: Shopify query cost, mutations", () => {
  it("a mutation costs 10, its payload and the payload's direct object included", () => {
    expect(cost("mutation($i: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $i) { codeDiscountNode { id } userErrors { field message } } }")).toBe(10);
    expect(cost('mutation { discountRedeemCodeBulkAdd(discountId: "x", codes: []) { bulkCreation { id } } }')).toBe(10);
  });
  it("objects deeper in the payload are added to the 10", () =>
    expect(cost("mutation($i: CustomerInput!) { customerCreate(input: $i) { customer { id defaultPhoneNumber { phoneNumber } } } }")).toBe(11));
  it("connections in the payload are added at their connection cost", () =>
    expect(
      cost(
        "mutation($i: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $i) { codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title codes(first: 10) { nodes { code } } } } } } }",
      ),
    ).toBe(10 + 1 + (2 + 4)));
  it("each aliased mutation is charged on its own", () =>
    expect(cost('mutation { a: discountCodeDelete(id: "1") { deletedCodeDiscountId } b: discountCodeDelete(id: "2") { deletedCodeDiscountId } }')).toBe(20));
  it("some mutations have their own base cost (fileCreate 20)", () =>
    expect(cost("mutation($f: [FileCreateInput!]!) { fileCreate(files: $f) { files { id } userErrors { field } } }")).toBe(20));
});

describe("R33: Shopify query cost, directives", () => {
  it("a selection turned off with @include(if: false) costs nothing", () =>
    expect(cost("query($on: Boolean!) { shop { name } products(first: 10) @include(if: $on) { nodes { id } } }", { on: false })).toBe(1));
  it("a selection turned off with @skip(if: true) costs nothing", () => expect(cost("{ shop { name } productsCount @skip(if: true) { count } }")).toBe(1));
  it("a selection left on is charged", () => expect(cost("query($on: Boolean!) { products(first: 10) @include(if: $on) { nodes { id } } }", { on: true })).toBe(6));
});

describe("R33: Shopify query cost, actual cost from the returned data", () => {
  const query = "{ products(first: 10) { nodes { id variants(first: 5) { nodes { id } } } } }";
  it("the requested cost counts the page sizes asked for", () => expect(cost(query)).toBe(2 + 4 * (1 + 5)));
  it("an empty page is charged for the size asked, one point an item", () => expect(cost(query, {}, { products: { nodes: [] } })).toBe(2 + 4));
  it("a full page is charged like the request", () => {
    const item = { id: "p", variants: { nodes: [1, 2, 3, 4, 5].map((i) => ({ id: `v${i}` })) } };
    expect(cost(query, {}, { products: { nodes: Array.from({ length: 10 }, () => item) } })).toBe(2 + 4 * (1 + 5));
  });
  it("a partial page is charged 2·ln(first) × returned/first × item, rounded up past 0.2 and at most the full page", () => {
    // 20 asked, 3 returned: 2·ln 20 × 3/20 = 0.90 → 1; 5 returned: 1.50 → 2; 9 returned: 2.70 → 3.
    expect([3, 5, 9].map((n) => partialPageItems(20, n, 1))).toEqual([1, 2, 3]);
    // 250 asked, 1 or 2 returned: 0.04 and 0.09 are below 0.2 → nothing; 208 returned: 9.18 → 9.
    expect([1, 2, 208].map((n) => partialPageItems(250, n, 1))).toEqual([0, 0, 9]);
    // Never more than the full page: 49 of 50 would round to 8, the full page is 7.
    expect(partialPageItems(50, 49, 1)).toBe(7);
    expect(cost("{ orders(first: 20) { nodes { id } } }", {}, { orders: { nodes: [{ id: "1" }, { id: "2" }, { id: "3" }] } })).toBe(2 + 1);
    expect(cost("{ pages(first: 250) { nodes { id } } }", {}, { pages: { nodes: [{ id: "1" }] } })).toBe(2);
  });
  it("the items of a page are charged at their average cost once run", () => {
    // 10 asked, 4 returned: two orders with a customer and its last order (3 points) and two
    // whose customer is null (order 1 + null customer 1 = 2 points). Average 2.5:
    // 2·ln 10 × 4/10 × 2.5 = 4.61 → 5 (the most expensive item would give 5.53 → 6).
    const q = "{ orders(first: 10) { nodes { id customer { id lastOrder { id } } } } }";
    const withCustomer = { id: "o", customer: { id: "c", lastOrder: { id: "o0" } } };
    const without = { id: "o", customer: null };
    expect(cost(q)).toBe(2 + 4 * 3);
    expect(cost(q, {}, { orders: { nodes: [withCustomer, without, withCustomer, without] } })).toBe(2 + 5);
  });
  it("__typename is free in the requested cost but costs 1 once run, on each object that returns it", () => {
    const file = '{ nodes(ids: ["gid://shopify/GenericFile/1"]) { __typename id ... on MediaImage { image { url } preview { image { url } } } } }';
    expect(cost(file)).toBe(1 + 3);
    expect(cost(file, {}, { nodes: [{ __typename: "GenericFile", id: "gid://shopify/GenericFile/1" }] })).toBe(1 + 1);
    const order = (typename: string) => `{ order(id: "x") { id customer { ${typename} id } fulfillmentOrders(first: 10) { edges { node { id } } } } }`;
    const data = { order: { id: "x", customer: { __typename: "Customer", id: "c" }, fulfillmentOrders: { edges: [] } } };
    expect(cost(order("__typename"))).toBe(1 + 1 + 2 + 4);
    expect(cost(order("__typename"), {}, data)).toBe(1 + 1 + 1 + 2);
    expect(cost(order(""), {}, data)).toBe(1 + 1 + 2);
  });
  it("the actual cost never exceeds the requested cost", () =>
    expect(cost('{ product(id: "x") { __typename id seo { title } } }', {}, { product: { __typename: "Product", id: "x", seo: { title: null } } })).toBe(
      cost('{ product(id: "x") { __typename id seo { title } } }'),
    ));
  it("an empty page costs 2 when the same connection returned items for another item of the list", () => {
    const q = "{ products(first: 2) { nodes { id media(first: 250) { nodes { id } } } } }";
    const empty = { id: "a", media: { nodes: [] } };
    const one = { id: "b", media: { nodes: [{ id: "m" }] } };
    // Both empty: each media page is charged as asked (2 + 11), the products page is full (factor 1).
    expect(cost(q, {}, { products: { nodes: [empty, empty] } })).toBe(2 + 1 * (1 + 13));
    // One returned an item: the empty one costs 2, the other 2 + 0 (1 of 250); average item 1 + 2.
    expect(cost(q, {}, { products: { nodes: [empty, one] } })).toBe(2 + 1 * (1 + 2));
  });
  it("an empty page inside an item reached through edges costs 2", () =>
    expect(
      cost(
        "{ metafieldDefinitions(ownerType: PRODUCT, first: 2) { edges { node { id constraints { values(first: 50) { nodes { value } } } } } } }",
        {},
        {
          metafieldDefinitions: { edges: [{ node: { id: "d", constraints: { values: { nodes: [] } } } }] },
        },
      ),
    ).toBe(2 + partialPageItems(2, 1, 1 + 1 + 2)));
  it("an empty list that takes a page size costs one item's objects but none of its connections", () => {
    const q = (item: string) => `{ order(id: "x") { id fulfillments(first: 5) { id ${item} } } }`;
    const data = { order: { id: "x", fulfillments: [] } };
    // trackingInfo is an object: 1 (order) + 1 (the list) + 1 (trackingInfo).
    expect(cost(q("trackingInfo { number }"), {}, data)).toBe(3);
    // A connection in the item costs nothing: 1 + 1, where the request is 1 + 1 + (2 + 3).
    expect(cost(q("fulfillmentLineItems(first: 5) { nodes { id } }"))).toBe(1 + 1 + 2 + 3);
    expect(cost(q("fulfillmentLineItems(first: 5) { nodes { id } }"), {}, data)).toBe(2);
  });
  it("a nested partial page that selects pageInfo costs 1 more", () => {
    const q = (pageInfo: string) => `{ customer(id: "x") { id addressesV2(first: 5) { nodes { id } ${pageInfo} } } }`;
    const data = { customer: { id: "x", addressesV2: { nodes: [{ id: "a" }], pageInfo: { hasNextPage: false } } } };
    expect(cost(q(""), {}, data)).toBe(1 + 2 + 1);
    expect(cost(q("pageInfo { hasNextPage }"), {}, data)).toBe(1 + 2 + 1 + 1);
  });
  it("an empty edges page costs 2", () => expect(cost("{ customers(first: 10) { edges { node { id } } } }", {}, { customers: { edges: [] } })).toBe(2));
  it("a null object is charged for itself only", () => expect(cost('{ customer(id: "x") { id orders(first: 5) { nodes { id } } } }', {}, { customer: null })).toBe(1));
  it("a mutation whose payload is null is charged its base cost", () =>
    expect(cost("mutation($i: CustomerInput!) { customerCreate(input: $i) { customer { id defaultPhoneNumber { phoneNumber } } } }", {}, { customerCreate: null })).toBe(10));
});
