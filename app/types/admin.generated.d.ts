/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type CreateCodeDiscountMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.DiscountCodeBasicInput;
}>;


export type CreateCodeDiscountMutation = { discountCodeBasicCreate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<(
      Pick<AdminTypes.DiscountCodeNode, 'id'>
      & { codeDiscount: { codes: { nodes: Array<Pick<AdminTypes.DiscountRedeemCode, 'id' | 'code'>> } } }
    )>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }> };

export type UpdateCodeDiscountMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  input: AdminTypes.DiscountCodeBasicInput;
}>;


export type UpdateCodeDiscountMutation = { discountCodeBasicUpdate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }> };

export type AddRedeemCodesMutationVariables = AdminTypes.Exact<{
  discountId: AdminTypes.Scalars['ID']['input'];
  codes: Array<AdminTypes.DiscountRedeemCodeInput> | AdminTypes.DiscountRedeemCodeInput;
}>;


export type AddRedeemCodesMutation = { discountRedeemCodeBulkAdd?: AdminTypes.Maybe<{ bulkCreation?: AdminTypes.Maybe<Pick<AdminTypes.DiscountRedeemCodeBulkCreation, 'id' | 'done'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }> };

export type BulkCreationResultsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type BulkCreationResultsQuery = { discountRedeemCodeBulkCreation?: AdminTypes.Maybe<(
    Pick<AdminTypes.DiscountRedeemCodeBulkCreation, 'id' | 'done' | 'failedCount'>
    & { codes: { nodes: Array<(
        Pick<AdminTypes.DiscountRedeemCodeBulkCreationCode, 'code'>
        & { errors: Array<Pick<AdminTypes.DiscountUserError, 'message'>>, discountRedeemCode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountRedeemCode, 'id'>> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type CodeExistsQueryVariables = AdminTypes.Exact<{
  code: AdminTypes.Scalars['String']['input'];
}>;


export type CodeExistsQuery = { codeDiscountNodeByCode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>> };

export type DeleteDiscountMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type DeleteDiscountMutation = { discountCodeDelete?: AdminTypes.Maybe<(
    Pick<AdminTypes.DiscountCodeDeletePayload, 'deletedCodeDiscountId'>
    & { userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }
  )> };

export type DiscountCodesPageQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type DiscountCodesPageQuery = { discountNode?: AdminTypes.Maybe<{ discount: { codes: { nodes: Array<Pick<AdminTypes.DiscountRedeemCode, 'id' | 'code'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } } }> };

export type DeleteRedeemCodesMutationVariables = AdminTypes.Exact<{
  discountId: AdminTypes.Scalars['ID']['input'];
  ids?: AdminTypes.InputMaybe<Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input']>;
}>;


export type DeleteRedeemCodesMutation = { discountCodeRedeemCodeBulkDelete?: AdminTypes.Maybe<{ job?: AdminTypes.Maybe<Pick<AdminTypes.Job, 'id' | 'done'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }> };

export type DeactivateDiscountMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type DeactivateDiscountMutation = { discountCodeDeactivate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }> };

export type ActivateDiscountMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ActivateDiscountMutation = { discountCodeActivate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }> };

export type CodeOwnerQueryVariables = AdminTypes.Exact<{
  code: AdminTypes.Scalars['String']['input'];
}>;


export type CodeOwnerQuery = { codeDiscountNodeByCode?: AdminTypes.Maybe<(
    Pick<AdminTypes.DiscountCodeNode, 'id'>
    & { codeDiscount: Pick<AdminTypes.DiscountCodeBasic, 'title'> }
  )> };

export type DriftDiscountsQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type DriftDiscountsQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.DiscountCodeNode, 'id'>
    & { codeDiscount: (
      Pick<AdminTypes.DiscountCodeBasic, 'startsAt' | 'endsAt' | 'usageLimit' | 'appliesOncePerCustomer'>
      & { combinesWith: Pick<AdminTypes.DiscountCombinesWith, 'orderDiscounts' | 'productDiscounts' | 'shippingDiscounts'>, minimumRequirement?: AdminTypes.Maybe<Pick<AdminTypes.DiscountMinimumQuantity, 'greaterThanOrEqualToQuantity'> | { greaterThanOrEqualToSubtotal: Pick<AdminTypes.MoneyV2, 'amount'> }>, customerGets: { value: { amount: Pick<AdminTypes.MoneyV2, 'amount'> } | Pick<AdminTypes.DiscountPercentage, 'percentage'>, items: Pick<AdminTypes.AllDiscountItems, 'allItems'> }, codesCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>>, codes: { nodes: Array<Pick<AdminTypes.DiscountRedeemCode, 'id' | 'code'>> } }
    ) }
  )>> };

export type ShopInfoQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopInfoQuery = { shop: (
    Pick<AdminTypes.Shop, 'name' | 'myshopifyDomain' | 'currencyCode' | 'email' | 'ianaTimezone'>
    & { billingAddress: Pick<AdminTypes.ShopAddress, 'countryCodeV2'>, plan: Pick<AdminTypes.ShopPlan, 'partnerDevelopment' | 'shopifyPlus'> }
  ) };

interface GeneratedQueryTypes {
  "#graphql\n  query BulkCreationResults($id: ID!, $after: String) {\n    discountRedeemCodeBulkCreation(id: $id) {\n      id\n      done\n      failedCount\n      codes(first: 250, after: $after) {\n        nodes { code errors { message } discountRedeemCode { id } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": {return: BulkCreationResultsQuery, variables: BulkCreationResultsQueryVariables},
  "#graphql\n  query CodeExists($code: String!) {\n    codeDiscountNodeByCode(code: $code) { id }\n  }\n": {return: CodeExistsQuery, variables: CodeExistsQueryVariables},
  "#graphql\n  query DiscountCodesPage($id: ID!, $after: String) {\n    discountNode(id: $id) {\n      discount { ... on DiscountCodeBasic { codes(first: 250, after: $after) { nodes { id code } pageInfo { hasNextPage endCursor } } } }\n    }\n  }\n": {return: DiscountCodesPageQuery, variables: DiscountCodesPageQueryVariables},
  "#graphql\n  query CodeOwner($code: String!) {\n    codeDiscountNodeByCode(code: $code) {\n      id\n      codeDiscount { ... on DiscountCodeBasic { title } }\n    }\n  }\n": {return: CodeOwnerQuery, variables: CodeOwnerQueryVariables},
  "#graphql\n  query DriftDiscounts($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on DiscountCodeNode {\n        id\n        codeDiscount {\n          ... on DiscountCodeBasic {\n            startsAt\n            endsAt\n            usageLimit\n            appliesOncePerCustomer\n            combinesWith { orderDiscounts productDiscounts shippingDiscounts }\n            minimumRequirement {\n              ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } }\n              ... on DiscountMinimumQuantity { greaterThanOrEqualToQuantity }\n            }\n            customerGets {\n              value {\n                ... on DiscountPercentage { percentage }\n                ... on DiscountAmount { amount { amount } }\n              }\n              items { ... on AllDiscountItems { allItems } }\n            }\n            codesCount { count }\n            codes(first: 2) { nodes { id code } }\n          }\n        }\n      }\n    }\n  }\n": {return: DriftDiscountsQuery, variables: DriftDiscountsQueryVariables},
  "#graphql\n  query ShopInfo {\n    shop {\n      name\n      myshopifyDomain\n      currencyCode\n      email\n      ianaTimezone\n      billingAddress { countryCodeV2 }\n      plan { partnerDevelopment shopifyPlus }\n    }\n  }\n": {return: ShopInfoQuery, variables: ShopInfoQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation CreateCodeDiscount($input: DiscountCodeBasicInput!) {\n    discountCodeBasicCreate(basicCodeDiscount: $input) {\n      codeDiscountNode {\n        id\n        codeDiscount { ... on DiscountCodeBasic { codes(first: 1) { nodes { id code } } } }\n      }\n      userErrors { field message code }\n    }\n  }\n": {return: CreateCodeDiscountMutation, variables: CreateCodeDiscountMutationVariables},
  "#graphql\n  mutation UpdateCodeDiscount($id: ID!, $input: DiscountCodeBasicInput!) {\n    discountCodeBasicUpdate(id: $id, basicCodeDiscount: $input) {\n      codeDiscountNode { id }\n      userErrors { field message code }\n    }\n  }\n": {return: UpdateCodeDiscountMutation, variables: UpdateCodeDiscountMutationVariables},
  "#graphql\n  mutation AddRedeemCodes($discountId: ID!, $codes: [DiscountRedeemCodeInput!]!) {\n    discountRedeemCodeBulkAdd(discountId: $discountId, codes: $codes) {\n      bulkCreation { id done }\n      userErrors { field message code }\n    }\n  }\n": {return: AddRedeemCodesMutation, variables: AddRedeemCodesMutationVariables},
  "#graphql\n  mutation DeleteDiscount($id: ID!) {\n    discountCodeDelete(id: $id) {\n      deletedCodeDiscountId\n      userErrors { field message code }\n    }\n  }\n": {return: DeleteDiscountMutation, variables: DeleteDiscountMutationVariables},
  "#graphql\n  mutation DeleteRedeemCodes($discountId: ID!, $ids: [ID!]) {\n    discountCodeRedeemCodeBulkDelete(discountId: $discountId, ids: $ids) {\n      job { id done }\n      userErrors { field message code }\n    }\n  }\n": {return: DeleteRedeemCodesMutation, variables: DeleteRedeemCodesMutationVariables},
  "#graphql\n  mutation DeactivateDiscount($id: ID!) {\n    discountCodeDeactivate(id: $id) {\n      codeDiscountNode { id }\n      userErrors { field message code }\n    }\n  }\n": {return: DeactivateDiscountMutation, variables: DeactivateDiscountMutationVariables},
  "#graphql\n  mutation ActivateDiscount($id: ID!) {\n    discountCodeActivate(id: $id) {\n      codeDiscountNode { id }\n      userErrors { field message code }\n    }\n  }\n": {return: ActivateDiscountMutation, variables: ActivateDiscountMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
