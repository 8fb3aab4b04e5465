/** English strings of the offline counter (issue 21) and the back office's counters page. */
export const offlineEn = {
  offline: {
    online: 'Connected to the server',
    offline: 'The server cannot be reached: this counter keeps selling and sends the sales when it answers',
    waiting_one: '{{count}} sale waits to be sent',
    waiting_other: '{{count}} sales wait to be sent',
    allSent: 'All sales are sent',
    sending: 'Sending…',
    held_one: '{{count}} sale was not accepted: a manager must look at it',
    held_other: '{{count}} sales were not accepted: a manager must look at them',
    numbersLeft: 'Invoice numbers kept on this counter: {{count}}',
    notReady:
      'This counter cannot sell offline yet: it needs the server once to keep the catalog and invoice numbers',
    sendNow: 'Send now',
    wiped_one:
      'A manager wiped this counter: {{count}} sale made offline could not be sent. The manager sees its number.',
    wiped_other:
      'A manager wiped this counter: {{count}} sales made offline could not be sent. The manager sees their numbers.',
    wipedOk: 'Understood',
    saved: 'Sale {{number}} kept on this counter ({{amount}}); it is sent when the server answers',
    refused: {
      customer:
        "Offline, the counter sells to walk-in customers only: a customer's account or details need the server",
      discount: 'Discounts need the server: remove the discount or wait until the server answers',
      approval: "A manager's approval needs the server",
      offers: 'Coupons and offer changes need the server',
      supply: 'Exports and SEZ supplies need the server',
      notReady:
        'This counter cannot sell offline yet: it needs the server once to keep the catalog and invoice numbers',
      noNumbers: 'No invoice numbers are left on this counter: connect to the server to get more',
      returns: 'Returns and exchanges need the server: they cannot be made offline',
      credit: "Sales on a customer's account need the server: take cash, UPI or card",
    },
    notFound: 'No item with code {{code}} in the catalog kept on this counter',
  },
  counters: {
    nav: 'Billing devices',
    title: 'Counters and their invoice numbers',
    intro:
      'Each counter numbers the sales it makes while the server cannot be reached in its own series. Wipe a counter that was lost or stolen: what it kept can no longer be read or sent.',
    series: 'Series',
    none: 'Not used offline yet',
    signedIn_one: '{{count}} person signed in at this counter',
    signedIn_other: '{{count}} people signed in at this counter',
    numbers: 'Numbers',
    state: 'State',
    received: 'Sales received',
    reserved: 'Kept since',
    notReceived: 'Never received',
    states: { open: 'In use', released: 'Finished', wiped: 'Wiped' },
    wipe: 'Wipe this counter',
    wipeConfirm: 'Wipe {{name}}? Sales it made offline and has not sent yet will be lost.',
    wipedAt: 'Wiped at {{time}}',
    range: '{{from}} to {{to}} ({{count}})',
    nothingLost: 'None',
  },
};
