// Calling the app's route actions as App Bridge does: a POST with the shop's session token, the
// form as the body, and the route's params. The outcome is the status Remix would answer with.
type RouteFn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

export interface ActionOutcome {
  status: number;
  body: unknown;
  /** A thrown error that is not a Response: Remix answers 500. */
  error?: unknown;
}

export function adminPost(path: string, token: string, body: URLSearchParams | FormData | string, contentType?: string): Request {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (contentType) headers["Content-Type"] = contentType;
  return new Request(`${process.env.SHOPIFY_APP_URL}${path}`, { method: "POST", headers, body });
}

/** Runs a loader/action; what it returns or throws, as a status and a body. */
export async function runRoute(fn: RouteFn, request: Request, params: Record<string, string> = {}): Promise<ActionOutcome> {
  try {
    const result = await fn({ request, params, context: {} });
    if (result instanceof Response) return { status: result.status, body: result };
    // data(body, { status }) from @remix-run/node
    if (result && typeof result === "object" && (result as { type?: unknown }).type === "DataWithResponseInit") {
      const { data, init } = result as { data: unknown; init?: { status?: number } | null };
      return { status: init?.status ?? 200, body: data };
    }
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: thrown };
    return { status: 500, body: null, error: thrown };
  }
}
