/** English strings of agri-input billing: the farmer's khata through the season, statements and khata settings. */
export const agriEn = {
  agri: {
    season: {
      title: 'Khata through the season',
      nextDue: 'Next due date',
      nothingDue: 'Nothing due',
      overdue: 'Overdue',
      interest: 'Interest on overdue',
      payable: 'Total payable',
      ageing: 'Ageing (days past due)',
      bucket: {
        '0-30': '0-30 days',
        '31-90': '31-90 days',
        '91-180': '91-180 days',
        'over-180': 'Over 180 days',
      },
    },
    statement: {
      title: 'Statement',
      from: 'From',
      to: 'To',
      language: 'Language',
      languages: { en: 'English', hi: 'Hindi' },
      download: 'Download statement (PDF)',
    },
    khataSettings: {
      title: 'Farmer khata',
      intro:
        'Credit sales fall due when the season’s harvest is sold. Interest on overdue amounts is off unless you switch it on.',
      interestEnabled: 'Charge simple interest on overdue amounts',
      rate: 'Interest rate (% a year)',
      graceDays: 'Grace days after the due date',
      seasonDue: 'Due date of each season (month and day)',
      seasons: { kharif: 'Kharif', rabi: 'Rabi', zaid: 'Zaid' },
      month: 'Month',
      day: 'Day',
      reminders: 'Send SMS reminders of overdue khata to farmers who agreed to SMS',
      save: 'Save khata settings',
      saved: 'Khata settings saved.',
    },
  },
};
