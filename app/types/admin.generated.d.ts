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

export type BulkCreationStatusQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type BulkCreationStatusQuery = { discountRedeemCodeBulkCreation?: AdminTypes.Maybe<Pick<AdminTypes.DiscountRedeemCodeBulkCreation, 'id' | 'done' | 'codesCount' | 'importedCount' | 'failedCount'>> };

export type BulkCreationResultsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type BulkCreationResultsQuery = { discountRedeemCodeBulkCreation?: AdminTypes.Maybe<{ codes: { nodes: Array<(
        Pick<AdminTypes.DiscountRedeemCodeBulkCreationCode, 'code'>
        & { errors: Array<Pick<AdminTypes.DiscountUserError, 'message'>>, discountRedeemCode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountRedeemCode, 'id'>> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }> };

export type CodeExistsQueryVariables = AdminTypes.Exact<{
  code: AdminTypes.Scalars['String']['input'];
}>;


export type CodeExistsQuery = { codeDiscountNodeByCode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>> };

export type CodesExistQueryVariables = AdminTypes.Exact<{
  c0: AdminTypes.Scalars['String']['input'];
  c1: AdminTypes.Scalars['String']['input'];
  c2: AdminTypes.Scalars['String']['input'];
  c3: AdminTypes.Scalars['String']['input'];
  c4: AdminTypes.Scalars['String']['input'];
  c5: AdminTypes.Scalars['String']['input'];
  c6: AdminTypes.Scalars['String']['input'];
  c7: AdminTypes.Scalars['String']['input'];
  c8: AdminTypes.Scalars['String']['input'];
  c9: AdminTypes.Scalars['String']['input'];
  c10: AdminTypes.Scalars['String']['input'];
  c11: AdminTypes.Scalars['String']['input'];
  c12: AdminTypes.Scalars['String']['input'];
  c13: AdminTypes.Scalars['String']['input'];
  c14: AdminTypes.Scalars['String']['input'];
  c15: AdminTypes.Scalars['String']['input'];
  c16: AdminTypes.Scalars['String']['input'];
  c17: AdminTypes.Scalars['String']['input'];
  c18: AdminTypes.Scalars['String']['input'];
  c19: AdminTypes.Scalars['String']['input'];
  c20: AdminTypes.Scalars['String']['input'];
  c21: AdminTypes.Scalars['String']['input'];
  c22: AdminTypes.Scalars['String']['input'];
  c23: AdminTypes.Scalars['String']['input'];
  c24: AdminTypes.Scalars['String']['input'];
}>;


export type CodesExistQuery = { c0?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c1?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c2?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c3?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c4?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c5?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c6?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c7?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c8?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c9?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c10?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c11?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c12?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c13?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c14?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c15?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c16?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c17?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c18?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c19?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c20?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c21?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c22?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c23?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, c24?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>> };

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

export type ShopInfoQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopInfoQuery = { shop: (
    Pick<AdminTypes.Shop, 'name' | 'myshopifyDomain' | 'currencyCode' | 'email' | 'ianaTimezone'>
    & { billingAddress: Pick<AdminTypes.ShopAddress, 'countryCodeV2'>, plan: Pick<AdminTypes.ShopPlan, 'partnerDevelopment' | 'shopifyPlus'> }
  ) };

interface GeneratedQueryTypes {
  "#graphql\n  query BulkCreationStatus($id: ID!) {\n    discountRedeemCodeBulkCreation(id: $id) { id done codesCount importedCount failedCount }\n  }\n": {return: BulkCreationStatusQuery, variables: BulkCreationStatusQueryVariables},
  "#graphql\n  query BulkCreationResults($id: ID!, $after: String) {\n    discountRedeemCodeBulkCreation(id: $id) {\n      codes(first: 250, after: $after) {\n        nodes { code errors { message } discountRedeemCode { id } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": {return: BulkCreationResultsQuery, variables: BulkCreationResultsQueryVariables},
  "#graphql\n  query CodeExists($code: String!) {\n    codeDiscountNodeByCode(code: $code) { id }\n  }\n": {return: CodeExistsQuery, variables: CodeExistsQueryVariables},
  "#graphql\n  query CodesExist($c0: String!, $c1: String!, $c2: String!, $c3: String!, $c4: String!, $c5: String!, $c6: String!, $c7: String!, $c8: String!, $c9: String!, $c10: String!, $c11: String!, $c12: String!, $c13: String!, $c14: String!, $c15: String!, $c16: String!, $c17: String!, $c18: String!, $c19: String!, $c20: String!, $c21: String!, $c22: String!, $c23: String!, $c24: String!) {\n    c0: codeDiscountNodeByCode(code: $c0) { id }\n    c1: codeDiscountNodeByCode(code: $c1) { id }\n    c2: codeDiscountNodeByCode(code: $c2) { id }\n    c3: codeDiscountNodeByCode(code: $c3) { id }\n    c4: codeDiscountNodeByCode(code: $c4) { id }\n    c5: codeDiscountNodeByCode(code: $c5) { id }\n    c6: codeDiscountNodeByCode(code: $c6) { id }\n    c7: codeDiscountNodeByCode(code: $c7) { id }\n    c8: codeDiscountNodeByCode(code: $c8) { id }\n    c9: codeDiscountNodeByCode(code: $c9) { id }\n    c10: codeDiscountNodeByCode(code: $c10) { id }\n    c11: codeDiscountNodeByCode(code: $c11) { id }\n    c12: codeDiscountNodeByCode(code: $c12) { id }\n    c13: codeDiscountNodeByCode(code: $c13) { id }\n    c14: codeDiscountNodeByCode(code: $c14) { id }\n    c15: codeDiscountNodeByCode(code: $c15) { id }\n    c16: codeDiscountNodeByCode(code: $c16) { id }\n    c17: codeDiscountNodeByCode(code: $c17) { id }\n    c18: codeDiscountNodeByCode(code: $c18) { id }\n    c19: codeDiscountNodeByCode(code: $c19) { id }\n    c20: codeDiscountNodeByCode(code: $c20) { id }\n    c21: codeDiscountNodeByCode(code: $c21) { id }\n    c22: codeDiscountNodeByCode(code: $c22) { id }\n    c23: codeDiscountNodeByCode(code: $c23) { id }\n    c24: codeDiscountNodeByCode(code: $c24) { id }\n  }\n": {return: CodesExistQuery, variables: CodesExistQueryVariables},
  "#graphql\n  query DiscountCodesPage($id: ID!, $after: String) {\n    discountNode(id: $id) {\n      discount { ... on DiscountCodeBasic { codes(first: 250, after: $after) { nodes { id code } pageInfo { hasNextPage endCursor } } } }\n    }\n  }\n": {return: DiscountCodesPageQuery, variables: DiscountCodesPageQueryVariables},
  "#graphql\n  query CodeOwner($code: String!) {\n    codeDiscountNodeByCode(code: $code) {\n      id\n      codeDiscount { ... on DiscountCodeBasic { title } }\n    }\n  }\n": {return: CodeOwnerQuery, variables: CodeOwnerQueryVariables},
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
