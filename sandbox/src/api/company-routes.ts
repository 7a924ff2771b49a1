/** `/companies`, as Clarky documents them. */
import { CompanyCreateSchema, CompanySchema, ROUTE_PATTERNS } from '@clarky/core';
import { checkBody } from '../http/validation';
import { prefixedId } from '../workspace/ids';
import { buildRecord } from '../workspace/workspace-records';
import { anyTag, exact, filteredPage, search } from './list-filters';
import type { RouteGroup } from './route-context';

export const companyRoutes: RouteGroup = (router, { records, random, workspaceId, agentProblems }) => {
  const { companies, contacts } = records;
  // Clarky sums the linked contacts' deal values.
  const withDealTotal = (company: ReturnType<typeof companies.require>) => {
    const values = contacts
      .list()
      .filter((contact) => contact.company_id === company.id && typeof contact.deal_value === 'number')
      .map((contact) => contact.deal_value!);
    return { ...company, total_deal_value: values.length > 0 ? values.reduce((sum, value) => sum + value, 0) : null };
  };

  return router
    .on('GET', ROUTE_PATTERNS.companies, ({ query }) => {
      const page = filteredPage(companies.list(), query, {
        search: search((company) => [company.name, company.domain, company.industry]),
        tags: anyTag(),
        industry: exact((company) => company.industry),
        domain: exact((company) => company.domain),
        bot_id: exact((company) => company.bot_id),
      });
      return { status: 200, body: { ...page, data: page.data.map(withDealTotal) } };
    })
    .on('GET', ROUTE_PATTERNS.company, ({ params }) => ({
      status: 200,
      body: { data: withDealTotal(companies.require(params.id!)) },
    }))
    .on('POST', ROUTE_PATTERNS.companies, ({ body }) => {
      const fields = checkBody(CompanyCreateSchema, body, agentProblems);
      const now = new Date().toISOString();
      const company = buildRecord(CompanySchema, {
        custom_fields: {},
        ...fields,
        id: prefixedId('co', random),
        workspace_id: workspaceId,
        created_at: now,
        updated_at: now,
      });
      return { status: 201, body: { data: withDealTotal(companies.save(company)) } };
    });
};
