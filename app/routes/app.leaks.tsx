// Leak watch (R39): every open flag of the shop (and codes the auto-action deactivated this week).
// `?offer=<id>` narrows to one offer. (The home and offer pages load their flags in their own loaders.)
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, EmptyState, Layout, Page } from "@shopify/polaris";
import { useState } from "react";
import { ID } from "~/domain/input/fields";
import { LeakFlagList, type LeakNotice } from "~/components/leak-flags";
import { listLeakFlags } from "~/services/leaks.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const offer = new URL(request.url).searchParams.get("offer");
  return listLeakFlags(db, shop, { offerId: offer && ID.test(offer) ? offer : undefined, take: offer ? 20 : 100 });
}

export default function LeakFlagsPage() {
  const data = useLoaderData<typeof loader>();
  const [notice, setNotice] = useState<LeakNotice | null>(null);
  return (
    <Page title="Leak watch" backAction={{ content: "Home", url: "/app" }}>
      <Layout>
        <Layout.Section>
          {data.flags.length || notice ? (
            <LeakFlagList flags={data.flags} open={data.open} notice={notice} onDone={setNotice} />
          ) : (
            <Card>
              <EmptyState heading="No code is used far above normal" image="">
                <p>Each member&apos;s code is compared with their normal pattern as orders come in. A spike shows here and on its offer&apos;s page.</p>
              </EmptyState>
            </Card>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
