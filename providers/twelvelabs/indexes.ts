import { ConfigurationError, pathSegment, type Transport } from '../../src/index.js';
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

/** Per-call options of every resource method. */
export interface CallOptions {
  /** Aborts the call with an `AbortError`. */
  signal?: AbortSignal;
}

/**
 * TwelveLabs indexes (`/indexes`): the collections videos are uploaded into.
 *
 * @example
 * ```ts no-run
 * const { _id } = await client.indexes.create({
 *   index_name: 'my-videos',
 *   models: [{ model_name: 'marengo2.7', model_options: ['visual', 'audio'] }],
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
   * @param options A signal.
   * @returns The new index id, `{ _id }`.
   */
  async create(params: CreateIndexParams, options: CallOptions = {}): Promise<CreatedIndex> {
    if (typeof params?.index_name !== 'string' || params.index_name.trim() === '') {
      throw new ConfigurationError('TwelveLabs: indexes.create needs a non-empty index_name.', {
        provider: 'TwelveLabs',
      });
    }
    if (!Array.isArray(params.models) || params.models.length === 0) {
      throw new ConfigurationError('TwelveLabs: indexes.create needs at least one entry in models.', {
        provider: 'TwelveLabs',
      });
    }
    return await this.#transport.request({
      method: 'POST',
      path: 'indexes',
      json: { ...params },
      schema: CreatedIndexSchema,
      ...options,
    });
  }

  /**
   * Lists one page of indexes (`GET /indexes`).
   *
   * @param params Paging, sorting and a name filter, in TwelveLabs' names.
   * @param options A signal.
   * @returns `{ data, page_info }`.
   */
  async list(params: ListIndexesParams = {}, options: CallOptions = {}): Promise<IndexList> {
    return await this.#transport.request({
      method: 'GET',
      path: 'indexes',
      query: { ...params },
      schema: IndexListSchema,
      ...options,
    });
  }

  /**
   * Iterates over every index, fetching page after page as the loop asks for more.
   *
   * @param params Filters and a page size; `page` is where to start.
   * @param options A signal.
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
    for (let page = params.page ?? 1; ; page++) {
      const { data, page_info } = await this.list({ ...params, page }, options);
      yield* data;
      if (data.length === 0 || page >= page_info.total_page) return;
    }
  }

  /**
   * Retrieves one index (`GET /indexes/{id}`).
   *
   * @param indexId The index id.
   * @param options A signal.
   * @returns The index.
   * @throws {NotFoundError} When there is no such index.
   */
  async retrieve(indexId: string, options: CallOptions = {}): Promise<Index> {
    const id = pathSegment(indexId, 'index id', 'TwelveLabs');
    return await this.#transport.request({
      method: 'GET',
      path: `indexes/${id}`,
      schema: IndexSchema,
      ...options,
    });
  }

  /**
   * Renames an index (`PUT /indexes/{id}`, empty answer).
   *
   * @param indexId The index id.
   * @param params The new `index_name`.
   * @param options A signal.
   * @returns `undefined`.
   */
  async update(indexId: string, params: UpdateIndexParams, options: CallOptions = {}): Promise<undefined> {
    const id = pathSegment(indexId, 'index id', 'TwelveLabs');
    await this.#transport.request({
      method: 'PUT',
      path: `indexes/${id}`,
      json: { ...params },
      schema: EmptySchema,
      ...options,
    });
    return undefined;
  }

  /**
   * Deletes an index and its videos (`DELETE /indexes/{id}`, empty answer).
   *
   * @param indexId The index id.
   * @param options A signal.
   * @returns `undefined`.
   */
  async delete(indexId: string, options: CallOptions = {}): Promise<undefined> {
    const id = pathSegment(indexId, 'index id', 'TwelveLabs');
    await this.#transport.request({
      method: 'DELETE',
      path: `indexes/${id}`,
      schema: EmptySchema,
      ...options,
    });
    return undefined;
  }
}
