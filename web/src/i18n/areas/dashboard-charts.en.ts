/** English strings of the dashboard's sales charts (web/src/dashboard). */
export const dashboardChartsEn = {
  charts: {
    title: 'Sales from {{from}} to {{to}}',
    byDay: 'Sales by day',
    payments: 'Payments by method',
    topItems: 'Top items',
    stores: 'Sales by store',
    date: 'Date',
    invoices: 'Invoices',
    amount: 'Amount',
    method: 'Paid by',
    item: 'Item',
    quantity: 'Quantity',
    store: 'Store',
    numbers: '{{chart}}: the numbers',
    noSales: 'No sales in these 30 days.',
    otherMethod: 'Other',
  },
};
