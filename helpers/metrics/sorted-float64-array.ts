declare const sortedBrand: unique symbol;

/** A Float64Array known to be sorted ascending; only `sortFloat64` and `isSortedFloat64` make one. */
export type SortedFloat64Array = Float64Array & { readonly [sortedBrand]: true };

/** Sorts `values` ascending in place (numeric order) and returns it, branded as sorted. */
export function sortFloat64(values: Float64Array): SortedFloat64Array {
  // TypedArray#sort without a comparator is numeric, unlike Array#sort.
  return values.sort() as SortedFloat64Array;
}

/** True when `values` is already ascending; narrows it to `SortedFloat64Array`. */
export function isSortedFloat64(values: Float64Array): values is SortedFloat64Array {
  for (let i = 1; i < values.length; i += 1) {
    if ((values[i - 1] as number) > (values[i] as number)) return false;
  }
  return true;
}
