import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { codeSafe, discountLabel, discountLabelOfForm, patternProblem, proposeCode, proposeCodes } from "./naming";
import { newOfferValues, parseOfferForm } from "../offers/offer-input";
import { codeProblem } from "./code-rules";

const anna = { firstName: "Anna", lastName: "Lee", handle: "@anna.styles" };
const seeded = (values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe("naming strategies (R16)", () => {
  it("R16: tokens are replaced and the code is upper-cased", () => {
    expect(proposeCode({ pattern: "{FIRST_NAME}{DISCOUNT}", prefix: "", suffix: "" }, anna, "20")).toBe("ANNA20");
    expect(proposeCode({ pattern: "{HANDLE}", prefix: "cc-", suffix: "-us" }, anna, "20")).toBe("CC-ANNASTYLES-US");
    expect(proposeCode({ pattern: "{LAST_NAME}{FIRST_NAME}", prefix: "", suffix: "" }, anna, "20")).toBe("LEEANNA");
  });

  it("R16: {RANDOM:n} gives n characters from an unambiguous alphabet", () => {
    const code = proposeCode({ pattern: "{FIRST_NAME}{RANDOM:6}", prefix: "", suffix: "" }, anna, "20", seeded([0, 0.5, 0.99]));
    expect(code).toMatch(/^ANNA[A-Z2-9]{6}$/);
    expect(code.slice(4)).not.toMatch(/[01OI]/);
  });

  it("R16: accents and punctuation are folded to Shopify-safe letters", () => {
    expect(codeSafe("Zoë O'Brien-Núñez")).toBe("ZOEOBRIENNUNEZ");
    expect(proposeCode({ pattern: "{FIRST_NAME}", prefix: "", suffix: "" }, { firstName: "   ", lastName: "", handle: "" }, "10")).toBe("CODE");
  });

  it("R16: codes stay within Shopify's 255-character limit", () => {
    const long = { ...anna, firstName: "A".repeat(400) };
    expect(proposeCode({ pattern: "{FIRST_NAME}", prefix: "", suffix: "" }, long, "10")).toHaveLength(255);
    expect(proposeCodes({ pattern: "{FIRST_NAME}", prefix: "", suffix: "" }, [long, long], "10", [])[1]).toHaveLength(255);
  });

  it("R16: collisions with existing codes and among generated codes get deterministic suffixes", () => {
    const strategy = { pattern: "{FIRST_NAME}{DISCOUNT}", prefix: "", suffix: "" };
    const members = [anna, { ...anna, lastName: "Park" }, { ...anna, lastName: "Kim" }];
    expect(proposeCodes(strategy, members, "20", ["anna20"])).toEqual(["ANNA20-2", "ANNA20-3", "ANNA20-4"]);
    expect(proposeCodes(strategy, members, "20", [])).toEqual(["ANNA20", "ANNA20-2", "ANNA20-3"]);
    // Same input, same output.
    expect(proposeCodes(strategy, members, "20", [])).toEqual(proposeCodes(strategy, members, "20", []));
  });

  it("R16: a pattern with unknown tokens, bad lengths or nothing member-specific is refused", () => {
    expect(patternProblem("{FIRST_NAME}{DISCOUNT}")).toBeNull();
    expect(patternProblem("{NAME}")).toMatch(/Unknown token \{NAME\}/);
    expect(patternProblem("{RANDOM:0}")).toMatch(/1 to 32/);
    expect(patternProblem("{DISCOUNT}")).toMatch(/different code/);
    expect(patternProblem(" ")).toMatch(/Enter a naming pattern/);
  });

  it("R16: the {DISCOUNT} label is the value without its decimal point, for percentages and amounts alike", () => {
    expect(discountLabel({ discountType: "PERCENTAGE", discountPercent: 20, discountAmountCents: null })).toBe("20");
    expect(discountLabel({ discountType: "PERCENTAGE", discountPercent: 12.5, discountAmountCents: null })).toBe("125");
    expect(discountLabel({ discountType: "FIXED_AMOUNT", discountPercent: null, discountAmountCents: 1500 })).toBe("15");
    expect(discountLabel({ discountType: "FIXED_AMOUNT", discountPercent: null, discountAmountCents: 1550 })).toBe("155");
  });

  it("R16: the form's preview names codes as the server does (12.50 % → 125, 15.50 off → 155)", () => {
    const form = (discountType: string, discountPercent: string, discountAmountCents: string) => ({
      ...newOfferValues(new Date("2026-12-01T00:00:00Z")),
      name: "N",
      groupName: "G",
      payoutFlatCents: "10",
      discountType,
      discountPercent,
      discountAmountCents,
    });
    const server = (values: ReturnType<typeof form>) => {
      const parsed = parseOfferForm(values);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      return discountLabel(parsed.value);
    };
    for (const values of [
      form("PERCENTAGE", "12.50", ""),
      form("PERCENTAGE", "12.5", ""),
      form("PERCENTAGE", " 20 ", ""),
      form("FIXED_AMOUNT", "", "15.50"),
      form("FIXED_AMOUNT", "", "$1,015.05"),
      form("FIXED_AMOUNT", "", "15"),
    ]) {
      expect(discountLabelOfForm(values)).toBe(server(values));
    }
    expect(discountLabelOfForm(form("PERCENTAGE", "12.50", ""))).toBe("125");
    expect(discountLabelOfForm(form("FIXED_AMOUNT", "", "15.50"))).toBe("155");
    // Any percentage a merchant can save previews as the code it will get.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 2 }), (hundredths, pad) => {
        const typed = (hundredths / 100).toFixed(pad === 0 ? 2 : pad === 1 ? 1 : 0);
        const values = form("PERCENTAGE", typed, "");
        if (!parseOfferForm(values).ok) return;
        expect(discountLabelOfForm(values)).toBe(server(values));
      }),
    );
    expect(discountLabelOfForm(form("PERCENTAGE", "abc", ""))).toBeNull();
  });
});

describe("Shopify's code rules", () => {
  it("accept 1–255 characters without line breaks or spaces", () => {
    expect(codeProblem("ANNA20")).toBeNull();
    expect(codeProblem("")).toMatch(/Enter a code/);
    expect(codeProblem("A".repeat(256))).toMatch(/at most 255/);
    expect(codeProblem("A\nB")).toMatch(/line breaks/);
    expect(codeProblem("A B")).toMatch(/spaces/);
  });

  it("R35: codes with control, zero-width or text-direction characters are refused", () => {
    for (const code of ["A\u0000B", "AB\u202E", "A\u200BB", "A\u2066B", "A\uD800"]) expect(codeProblem(code)).toMatch(/invisible or control/);
    expect(codeProblem("ZOË-20")).toBeNull();
  });
});
