/**
 * package: ceil(billable / package_size) × package_price. A started package is
 * a whole package; the quantity shown is the number of packages.
 */
import { dec, type Decimal, plainString } from '../../../../shared/money';
import { groupDigits } from '../../../../shared/number-text';
import type { PricedPart } from './priced-part';

/** Exact ceiling division: divToInt truncates exactly, then a remainder means one more package. */
export function packagesFor(billable: Decimal, packageSize: Decimal): Decimal {
  const whole = billable.divToInt(packageSize);
  return whole.times(packageSize).lt(billable) ? whole.plus(1) : whole;
}

export function pricePackage(billable: Decimal, packageSize: string, packagePrice: string): PricedPart[] {
  if (billable.lte(0)) return [];
  const packages = packagesFor(billable, dec(packageSize));
  return [
    {
      label: `(${plainString(packages)} ${packages.eq(1) ? 'package' : 'packages'} of ${groupDigits(packageSize)})`,
      quantity: packages,
      unitPrice: packagePrice,
      amount: packages.times(dec(packagePrice)),
      detail: { package_size: packageSize, packages: plainString(packages), package_price: packagePrice },
    },
  ];
}
