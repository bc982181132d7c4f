/**
 * Nested blocks are never null in Terraform's view of an object: an absent LIST/SET block is an
 * empty collection, an absent MAP block an empty map, an absent GROUP block an object of nulls
 * (only SINGLE may be null). The framework may leave block keys out; this fills them in before
 * encoding, so results match what Terraform itself would have produced from the configuration.
 */
import { BigNumberValue, isUnknown, type SchemaBlock, type TfObject, type TfValue } from '../framework/contract';

/** A copy of `value` (an object of `block`) with absent or null nested blocks made empty. */
export function fillNestedBlocks(value: TfObject | null, block: SchemaBlock): TfObject | null {
  if (value === null || block.blockTypes.length === 0) return value;
  const out: TfObject = { ...value };
  for (const nb of block.blockTypes) {
    const v = out[nb.typeName];
    if (isUnknown(v)) continue;
    switch (nb.nesting) {
      case 'single':
        out[nb.typeName] = isObject(v) ? fillNestedBlocks(v, nb.block) : null;
        break;
      case 'group':
        out[nb.typeName] = fillNestedBlocks(isObject(v) ? v : {}, nb.block);
        break;
      case 'list':
      case 'set':
        out[nb.typeName] = Array.isArray(v) ? v.map((e) => (isObject(e) ? fillNestedBlocks(e, nb.block) : e)) : v === undefined || v === null ? [] : v;
        break;
      case 'map':
        if (isObject(v)) {
          const m: TfObject = {};
          for (const [k, e] of Object.entries(v)) m[k] = isObject(e) ? fillNestedBlocks(e, nb.block) : e;
          out[nb.typeName] = m;
        } else if (v === undefined || v === null) out[nb.typeName] = {};
        break;
    }
  }
  return out;
}

function isObject(v: TfValue | undefined): v is TfObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v) && !(v instanceof BigNumberValue);
}
