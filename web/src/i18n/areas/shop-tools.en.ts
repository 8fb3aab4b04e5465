/**
 * English strings of barcode labels, stores and stock transfers, and the dashboard charts.
 */
export const shopToolsEn = {
  labels: {
    action: 'Labels',
    actionFor: 'Print labels for {{name}}',
    title: 'Barcode labels: {{name}}',
    layout: 'Label sheet',
    layout65: '65 per A4 sheet (38.1 × 21.2 mm)',
    layout24: '24 per A4 sheet (64 × 34 mm)',
    startAt: 'First free label on the sheet',
    startHint: 'Counted across then down, 1 to {{count}}, so a partly used sheet can be fed again.',
    startInvalid: 'The first free label must be a number from 1 to {{count}}.',
    caption: 'How many labels of each size and colour',
    copies: 'Labels',
    copiesOf: 'Labels for {{variant}}',
    print: 'Print labels',
    printed_one: '{{count}} label printed.',
    printed_other: '{{count}} labels printed.',
  },
  logo: {
    title: 'Logo on A4 bills',
    hint: 'A PNG or JPEG picture of at most 96 KB. It is printed small at the top left of A4 bills.',
    current: 'The shop’s logo',
    choose: 'Choose a picture',
    remove: 'Remove the logo',
    wrongType: 'Choose a PNG or JPEG picture.',
    tooLarge: 'The picture is larger than 96 KB; choose a smaller one.',
  },
};
