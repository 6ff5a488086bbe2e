// Reading what a route action was sent (R35): a body that is not a form is a 400, never a 500;
// a refused form answers 422 with a message per field; an id in the URL that the app could not
// have issued is a 404 before any query.
import { data } from "@remix-run/node";
import { ID } from "~/domain/input/fields";

/** The submitted form; a body that can't be read as one is refused with 400. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("The form could not be read.", { status: 400 });
  }
}

/** The form's text fields (a file sent where text is expected counts as missing). */
export function formFields(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") out[key] = value;
  return out;
}

/** A refused submission: the body (field messages) with 422 Unprocessable Content. */
export function refused<T>(body: T, status: 400 | 409 | 413 | 422 = 422) {
  return data(body, { status });
}

/** A route's `$id`: well-formed, or 404. */
export function idParam(value: string | undefined, what = "Page"): string {
  if (!value || !ID.test(value)) throw new Response(`${what} not found`, { status: 404 });
  return value;
}
