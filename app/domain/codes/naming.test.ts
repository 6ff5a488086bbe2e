import { describe, expect, it } from "vitest";
import { codeSafe, discountLabel, patternProblem, proposeCode, proposeCodes } from "./naming";
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

  it("the {DISCOUNT} label reads the offer's value", () => {
    expect(discountLabel({ discountType: "PERCENTAGE", discountPercent: 20, discountAmountCents: null })).toBe("20");
    expect(discountLabel({ discountType: "PERCENTAGE", discountPercent: 12.5, discountAmountCents: null })).toBe("125");
    expect(discountLabel({ discountType: "FIXED_AMOUNT", discountPercent: null, discountAmountCents: 1500 })).toBe("15");
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
});
