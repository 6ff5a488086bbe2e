// A page under /app (#21): Polaris' Page plus App Bridge's title bar with the title, breadcrumb
// and actions, so the Shopify admin's own header names the page and offers its actions, as in
// every native admin page. The title shows once, in the admin's title bar: the page keeps it as
// a visually hidden h1 (screen readers, tests), shows its badge and subtitle as a line at the
// top, and keeps its action buttons in the page for keyboard use inside the frame
// (docs/decisions/152). Use it where a route used <Page>.
import { useNavigate, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { Box, InlineStack, Page, Text, type PageProps } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";

interface ActionLike {
  content?: string;
  url?: string;
  onAction?: () => void;
  disabled?: boolean;
  destructive?: boolean;
}

const isAction = (a: unknown): a is ActionLike => typeof a === "object" && a !== null && "content" in a;

export function AppPage(props: PageProps) {
  const navigate = useNavigate();
  const { title, backAction, primaryAction, secondaryActions, titleMetadata, subtitle, children, ...page } = props;
  const run = (a: ActionLike) => () => {
    if (a.onAction) a.onAction();
    else if (a.url) navigate(a.url);
  };
  const secondary = Array.isArray(secondaryActions) ? secondaryActions.filter(isAction).filter((a) => a.content) : [];
  return (
    <>
      <TitleBar title={title ?? ""}>
        {backAction && isAction(backAction) ? (
          <button variant="breadcrumb" onClick={run(backAction)}>
            {backAction.content ?? "Back"}
          </button>
        ) : null}
        {isAction(primaryAction) && primaryAction.content ? (
          <button variant="primary" onClick={run(primaryAction)} disabled={primaryAction.disabled}>
            {primaryAction.content}
          </button>
        ) : null}
        {secondary.map((a) => (
          <button key={a.content} onClick={run(a)} disabled={a.disabled} {...(a.destructive ? { tone: "critical" } : {})}>
            {a.content}
          </button>
        ))}
      </TitleBar>
      <Page {...page} primaryAction={primaryAction} secondaryActions={secondaryActions}>
        <Text as="h1" visuallyHidden>
          {title}
        </Text>
        {titleMetadata || subtitle ? (
          <Box paddingBlockEnd="400">
            <InlineStack gap="200" blockAlign="center">
              {titleMetadata}
              {subtitle ? (
                <Text as="p" tone="subdued">
                  {subtitle}
                </Text>
              ) : null}
            </InlineStack>
          </Box>
        ) : null}
        {children}
      </Page>
    </>
  );
}

/** App Bridge's loading bar in the admin while the app loads the next page or submits a form. */
export function NavigationLoadingBar() {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  useEffect(() => {
    if (typeof window === "undefined" || !window.shopify?.loading) return;
    window.shopify.loading(busy);
  }, [busy]);
  // Polaris' DataTable scrolls sideways in a narrow window without being reachable by keyboard
  // (axe: scrollable-region-focusable): a table that scrolls gets a tab stop.
  useEffect(() => {
    if (busy || typeof document === "undefined") return;
    const t = setTimeout(() => {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>(".Polaris-DataTable__ScrollContainer"))) {
        if (el.scrollWidth > el.clientWidth && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
      }
    }, 0);
    return () => clearTimeout(t);
  }, [busy]);
  return null;
}
