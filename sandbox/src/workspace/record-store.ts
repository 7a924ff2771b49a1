/** One kind of workspace record (contacts, companies, activities...) in memory, in creation order. */
import { HttpError } from '../http/http-error';

export class RecordStore<T extends { readonly id: string }> {
  private readonly byId = new Map<string, T>();

  /** `noun` names the record in a 404: "No contact has id ...". */
  constructor(
    private readonly noun: string,
    seeded: readonly T[] = [],
  ) {
    for (const record of seeded) this.byId.set(record.id, record);
  }

  list(): T[] {
    return [...this.byId.values()];
  }

  find(id: string): T | undefined {
    return this.byId.get(id);
  }

  /** The record, or Clarky's 404 (which it also answers for another workspace's records). */
  require(id: string): T {
    const record = this.byId.get(id);
    if (!record) throw new HttpError('not_found', `No ${this.noun} has id ${JSON.stringify(id)}.`);
    return record;
  }

  /** Adds a record, or replaces the one with its id. */
  save(record: T): T {
    this.byId.set(record.id, record);
    return record;
  }
}
