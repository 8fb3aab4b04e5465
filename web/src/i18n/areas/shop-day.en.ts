/**
 * English strings of running the shop's day in the back office: new items as a size x colour
 * grid, goods received, barcode labels, the customer's khata, stores and transfers, backups and
 * the dashboard charts.
 */
export const shopDayEn = {
  newItem: {
    add: 'Add item',
    title: 'New item',
    hsn: 'HSN code',
    sizes: 'Sizes (separated by commas)',
    colours: 'Colours (separated by commas)',
    coloursExample: 'Red, Blue',
    priceForAll: 'Price for all (₹)',
    mrpForAll: 'MRP for all (₹)',
    gridHint:
      '{{count}} sizes and colours. Leave the barcode empty to print the shop’s own; scan a barcode into the box to use the maker’s.',
    gridCaption: 'Sizes and colours of the new item',
    variant: 'Size / colour',
    sku: 'SKU (your code)',
    opening: 'Opening stock',
    barcodeAuto: 'Shop’s own',
    barcodeOf: 'Barcode of {{variant}}',
    skuOf: 'SKU of {{variant}}',
    priceOf: 'Price of {{variant}}',
    mrpOf: 'MRP of {{variant}}',
    openingOf: 'Opening stock of {{variant}}',
    create: 'Create item',
    created: '{{name}} created with {{count}} sizes and colours.',
  },
};
