/**
 * The compliance report: one PDF (pdfkit, standard fonts) gathering the evidence a shop shows an
 * auditor or the Data Protection Board: records of processing, the processor register, the staff
 * training register, data-subject requests against their deadlines, consent by purpose,
 * retention policies and the last runs, erasures, exports of personal data, and the latest
 * self-audit when that capability is installed. It holds counts, codes and ids, no customer's
 * personal data. `gatherEvidence` reads; `renderComplianceReport` only draws.
 */
import { formatIst } from '../monitoring/alert-message.js';
import { FONT } from '../documents/fonts.js';
import { createPdf, finishPdf } from '../documents/pdf-output.js';
import type { ProcessingRecord } from './processing-records.js';
import type { ProcessorView, TrainingRow } from './registers.service.js';
import type { PolicySetting } from './retention.service.js';

/** The latest self-audit, read through this small interface (the self-audit module provides it). */
export interface SelfAuditSummary {
  ranAt: string;
  score: number;
  counts: { pass: number; warn: number; fail: number };
  findings: Array<{ check: string; status: 'pass' | 'warn' | 'fail'; title: string }>;
}

export interface SelfAuditSource {
  latest(tenantId: string): Promise<SelfAuditSummary | null>;
}

export interface ComplianceEvidence {
  shop: string;
  generatedAt: string;
  records: ProcessingRecord[];
  processors: ProcessorView[];
  training: TrainingRow[];
  requests: {
    total: number;
    open: number;
    overdue: number;
    byKind: Record<string, number>;
    byStatus: Record<string, number>;
    closedLate: number;
  };
  consent: Record<string, { granted: number; withdrawn: number }>;
  retention: { policies: PolicySetting[]; lastRun: { at: string; dryRun: boolean } | null };
  erasures: { total: number; byReason: Record<string, number> };
  exports: { dsrPackages: number; personalDataExports: number };
  selfAudit: SelfAuditSummary | null | 'not_installed';
}

const MARGIN = 48;

export async function renderComplianceReport(e: ComplianceEvidence): Promise<Buffer> {
  const doc = createPdf(
    { size: 'A4', margin: MARGIN, bufferPages: true },
    `Compliance report - ${e.shop}`,
    e.generatedAt,
  );
  const width = doc.page.width - 2 * MARGIN;
  const h1 = (text: string) => {
    if (doc.y > doc.page.height - 160) doc.addPage();
    doc.moveDown(0.8).font(FONT.bold).fontSize(14).text(text).moveDown(0.3).font(FONT.regular).fontSize(9);
  };
  const line = (label: string, value: string) =>
    doc.font(FONT.bold).text(`${label}: `, { continued: true }).font(FONT.regular).text(value, { width });
  const bullet = (text: string) => doc.text(`- ${text}`, { width, indent: 8 });

  doc.font(FONT.bold).fontSize(20).text('Privacy and compliance report');
  doc
    .font(FONT.regular)
    .fontSize(11)
    .text(e.shop)
    .text(`Generated ${formatIst(e.generatedAt)}`);
  doc
    .fontSize(9)
    .moveDown(0.5)
    .text(
      'DPDP Act 2023 and Rules 2025, GDPR, CCPA. This report holds counts and codes only, no personal data of customers.',
      { width },
    );

  h1('1. Records of processing');
  for (const r of e.records) {
    doc.font(FONT.bold).fontSize(10).text(r.description).font(FONT.regular).fontSize(9);
    line('Lawful basis', r.lawfulBasis);
    line('Data subjects', r.dataSubjects.join(', ') || '-');
    line('Categories', r.dataCategories.join(', '));
    line(
      'Recipients',
      r.recipients.map((p) => `${p.name} (${p.service}, ${p.location}, DPA ${p.dpaStatus})`).join('; ') ||
        'none',
    );
    line('Retention', r.retention.join('; '));
    doc.moveDown(0.4);
  }
  line('Security measures', '');
  for (const m of e.records[0]?.securityMeasures ?? []) bullet(m);

  h1('2. Processors (vendors)');
  if (e.processors.length === 0) doc.text('No processors registered.');
  for (const p of e.processors)
    bullet(
      `${p.name} - ${p.service}, ${p.location}; data: ${p.dataCategories.join(', ')}; contract ${p.contractStatus}; DPA ${p.dpaStatus}${p.dpaSignedOn ? ` (${p.dpaSignedOn})` : ''}; last review ${p.lastReviewedOn ?? 'never'}${p.reviewOverdue ? ' - REVIEW OVERDUE' : ''}`,
    );

  h1('3. Staff training');
  const byStatus = (s: string) => e.training.filter((t) => t.status === s).length;
  line('Required trainings', String(e.training.length));
  line('Done', String(byStatus('done')));
  line('Due within a month', String(byStatus('due_soon')));
  line('Overdue', String(byStatus('overdue')));
  line('Never taken', String(byStatus('never')));

  h1('4. Data-subject requests');
  line('Total', String(e.requests.total));
  line('Open', `${e.requests.open} (overdue: ${e.requests.overdue})`);
  line('Closed after their deadline', String(e.requests.closedLate));
  line(
    'By kind',
    Object.entries(e.requests.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '-',
  );
  line(
    'By status',
    Object.entries(e.requests.byStatus)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '-',
  );

  h1('5. Consent');
  for (const [purpose, c] of Object.entries(e.consent))
    bullet(`${purpose}: ${c.granted} consenting, ${c.withdrawn} withdrawn`);
  if (Object.keys(e.consent).length === 0) doc.text('No consent recorded yet.');

  h1('6. Retention');
  for (const p of e.retention.policies)
    bullet(`${p.description}: ${p.enabled ? `${p.period} ${p.unit}` : 'off'} (${p.basis})`);
  line(
    'Last run',
    e.retention.lastRun === null
      ? 'never'
      : `${formatIst(e.retention.lastRun.at)}${e.retention.lastRun.dryRun ? ' (dry run)' : ''}`,
  );

  h1('7. Erasures and exports');
  line(
    'Erasure certificates',
    `${e.erasures.total} (${
      Object.entries(e.erasures.byReason)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    })`,
  );
  line('Export packages for customers', String(e.exports.dsrPackages));
  line('Exports of personal data by staff (audit trail)', String(e.exports.personalDataExports));

  h1('8. Latest security self-audit');
  if (e.selfAudit === 'not_installed') doc.text('The self-audit capability is not installed.');
  else if (e.selfAudit === null) doc.text('No self-audit has run yet.');
  else {
    line('Ran', formatIst(e.selfAudit.ranAt));
    line(
      'Score',
      `${e.selfAudit.score} (pass ${e.selfAudit.counts.pass}, warn ${e.selfAudit.counts.warn}, fail ${e.selfAudit.counts.fail})`,
    );
    for (const f of e.selfAudit.findings.filter((x) => x.status !== 'pass'))
      bullet(`${f.status.toUpperCase()}: ${f.title}`);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    doc
      .fontSize(8)
      .text(
        `Tijori compliance report - page ${i + 1} of ${range.count}`,
        MARGIN,
        doc.page.height - MARGIN + 12,
        { width, align: 'center', lineBreak: false },
      );
  }
  return finishPdf(doc);
}
