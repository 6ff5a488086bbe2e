// The pager under a table or list: previous / next, and a label ("Page 2 of 5 · 230 jobs").
import { Box, InlineStack, Pagination } from "@shopify/polaris";

export function ListPagination({ page, pages, onPage, label }: { page: number; pages: number; onPage: (page: number) => void; label?: string }) {
  return (
    <Box padding="300">
      <InlineStack align="center">
        <Pagination hasPrevious={page > 1} hasNext={page < pages} onPrevious={() => onPage(page - 1)} onNext={() => onPage(page + 1)} label={label} />
      </InlineStack>
    </Box>
  );
}
