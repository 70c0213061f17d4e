// --parent-join FIELD: 2.x/5.x parent/child documents into a 6.0+ join field. The mapping side is
// in convertMappings; this fills each document's join value from its old type and parent id.
// Routing needs nothing: the writers route a document with a parent by the parent id, which is
// exactly what a join field requires.
import type { Doc, TransformFn } from '../engine/types.js';

export function parentJoinTransform(field: string, then?: TransformFn): TransformFn {
  return (doc: Doc) => {
    if (doc._type !== undefined) {
      doc._source[field] = doc._parent !== undefined ? { name: doc._type, parent: doc._parent } : doc._type;
    }
    return then ? then(doc) : doc;
  };
}
