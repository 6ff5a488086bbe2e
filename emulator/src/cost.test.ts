// Shopify's calculated query cost, one test per rule learned from recorded live calls
// (docs/shopify-query-cost.md). The documents are written here; the expected figures follow the rules.
import { parse, Kind, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { operationCost, sizeFactor } from "./cost";
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
  it("embedded values (money, addresses, weights, page info) are free", () => {
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
  it("__type and its lists are charged like objects when requested", () =>
    expect(cost('{ __type(name: "Product") { name fields { name } } }')).toBe(2));
  it("the lists of introspection are free once run", () =>
    expect(cost('{ __type(name: "Product") { fields { name } } }', {}, { __type: { fields: [{ name: "id" }] } })).toBe(1));
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
  it("an item's objects are part of the item", () =>
    expect(cost("{ locations(first: 10) { nodes { id localPickupSettingsV2 { pickupTime } } } }")).toBe(2 + 4 * 2));
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
  it("a selection turned off with @skip(if: true) costs nothing", () =>
    expect(cost("{ shop { name } productsCount @skip(if: true) { count } }")).toBe(1));
  it("a selection left on is charged", () =>
    expect(cost("query($on: Boolean!) { products(first: 10) @include(if: $on) { nodes { id } } }", { on: true })).toBe(6));
});

describe("R33: Shopify query cost, actual cost from the returned data", () => {
  const query = "{ products(first: 10) { nodes { id variants(first: 5) { nodes { id } } } } }";
  it("the requested cost counts the page sizes asked for", () => expect(cost(query)).toBe(2 + 4 * (1 + 5)));
  it("an empty page is charged for the size asked, one point an item", () => expect(cost(query, {}, { products: { nodes: [] } })).toBe(2 + 4));
  it("a full page is charged like the request", () => {
    const item = { id: "p", variants: { nodes: [1, 2, 3, 4, 5].map((i) => ({ id: `v${i}` })) } };
    expect(cost(query, {}, { products: { nodes: Array.from({ length: 10 }, () => item) } })).toBe(2 + 4 * (1 + 5));
  });
  it("a partial page is charged the returned share of the size factor, rounded up", () =>
    expect(cost("{ orders(first: 20) { nodes { id } } }", {}, { orders: { nodes: [{ id: "1" }, { id: "2" }, { id: "3" }] } })).toBe(2 + Math.ceil((5 * 3) / 20)));
  it("an empty edges page costs 2", () => expect(cost("{ customers(first: 10) { edges { node { id } } } }", {}, { customers: { edges: [] } })).toBe(2));
  it("a null object is charged for itself only", () => expect(cost('{ customer(id: "x") { id orders(first: 5) { nodes { id } } } }', {}, { customer: null })).toBe(1));
  it("a mutation whose payload is null is charged its base cost", () =>
    expect(cost("mutation($i: CustomerInput!) { customerCreate(input: $i) { customer { id defaultPhoneNumber { phoneNumber } } } }", {}, { customerCreate: null })).toBe(10));
});
