import {
  type ApiPromise,
  type CallOptions,
  ConfigurationError,
  pathSegment,
  type Transport,
} from '../../src/index.js';
import { everyPage } from './pages.js';
import {
  type CreatedIndex,
  CreatedIndexSchema,
  type CreateIndexParams,
  EmptySchema,
  type Index,
  type IndexList,
  IndexListSchema,
  IndexSchema,
  type ListIndexesParams,
  type UpdateIndexParams,
} from './schemas.js';
/**
 * TwelveLabs indexes (`/indexes`): the collections videos are uploaded into.
 *
 * @example
 * ```ts no-run
 * const { _id } = await client.indexes.create({
 *   index_name: 'my-videos',
 *   models: [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }],
 * });
 * ```
 */
export class Indexes {
  readonly #transport: Transport;

  /** @param transport The client's transport. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Creates an index (`POST /indexes`, 201).
   *
   * @param params `index_name`, `models` (each with `model_name` and `model_options`), optional `addons`.
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns The new index id, `{ _id }`.
   */
  create(params: CreateIndexParams, options: CallOptions = {}): ApiPromise<CreatedIndex> {
    return this.#transport.request(() => {
      if (typeof params?.index_name !== 'string' || params.index_name.trim() === '') {
        throw new ConfigurationError('TwelveLabs: indexes.create needs a non-empty index_name.');
      }
      if (!Array.isArray(params.models) || params.models.length === 0) {
        throw new ConfigurationError('TwelveLabs: indexes.create needs at least one entry in models.');
      }
      return {
        ...options,
        method: 'POST',
        path: 'indexes',
        json: { ...params },
        schema: CreatedIndexSchema,
      };
    });
  }

  /**
   * Lists one page of indexes (`GET /indexes`).
   *
   * @param params Paging, sorting and filters (`index_name`, `model_options`, `model_family`,
   *   `created_at`, `updated_at`), in TwelveLabs' names.
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns `{ data, page_info }`; `data` is an empty list when TwelveLabs sends none.
   */
  list(params: ListIndexesParams = {}, options: CallOptions = {}): ApiPromise<IndexList> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: 'indexes',
      query: listQuery(params),
      schema: IndexListSchema,
    }));
  }

  /**
   * Iterates over every index, fetching page after page as the loop asks for more.
   *
   * @param params Filters and a page size; `page` is where to start.
   * @param options Per-call options, applied to every page.
   * @returns An async iterator of indexes.
   * @example
   * ```ts no-run
   * for await (const index of client.indexes.iterate({ page_limit: 50 })) console.log(index.index_name);
   * ```
   */
  async *iterate(
    params: ListIndexesParams = {},
    options: CallOptions = {},
  ): AsyncGenerator<Index, void, undefined> {
    yield* everyPage(params.page ?? 1, (page) => this.list({ ...params, page }, options));
  }

  /**
   * Retrieves one index (`GET /indexes/{id}`).
   *
   * @param indexId The index id.
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns The index.
   * @throws {NotFoundError} When there is no such index.
   */
  retrieve(indexId: string, options: CallOptions = {}): ApiPromise<Index> {
    return this.#transport.request(() => ({
      ...options,
      method: 'GET',
      path: `indexes/${pathSegment(indexId, 'index id', 'TwelveLabs')}`,
      schema: IndexSchema,
    }));
  }

  /**
   * Renames an index (`PUT /indexes/{id}`, empty answer).
   *
   * @param indexId The index id.
   * @param params The new `index_name`.
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns `undefined`.
   */
  update(indexId: string, params: UpdateIndexParams, options: CallOptions = {}): ApiPromise<undefined> {
    return this.#transport.request(() => ({
      ...options,
      method: 'PUT',
      path: `indexes/${pathSegment(indexId, 'index id', 'TwelveLabs')}`,
      json: { ...params },
      schema: EmptySchema,
    }));
  }

  /**
   * Deletes an index and its videos (`DELETE /indexes/{id}`, empty answer).
   *
   * @param indexId The index id.
   * @param options Per-call options: `signal`, `timeout`, `maxRetries`, `headers`.
   * @returns `undefined`.
   */
  delete(indexId: string, options: CallOptions = {}): ApiPromise<undefined> {
    return this.#transport.request(() => ({
      ...options,
      method: 'DELETE',
      path: `indexes/${pathSegment(indexId, 'index id', 'TwelveLabs')}`,
      schema: EmptySchema,
    }));
  }
}

/** The query of `GET /indexes`: a list of model options travels comma-separated. */
function listQuery(params: ListIndexesParams): Record<string, string | number | undefined> {
  if (typeof params !== 'object' || params === null) {
    throw new ConfigurationError('TwelveLabs: indexes.list takes an object of query parameters.');
  }
  const { model_options: modelOptions, ...rest } = params;
  const query: Record<string, string | number | undefined> = { ...rest };
  if (modelOptions !== undefined) {
    query.model_options = Array.isArray(modelOptions) ? modelOptions.join(',') : String(modelOptions);
  }
  return query;
}
