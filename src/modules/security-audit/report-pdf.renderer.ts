/**
 * The self-audit report as an A4 PDF for an auditor: the business, time (IST) and trigger, the
 * score and counts, the versions with their support status, then each check with its status,
 * severity, what it found and what to do, and the signature of the report. The signed JSON report
 * travels inside the PDF as an attached file, so one download carries both the readable report and
 * the evidence that verifies; the PDF bytes themselves are signed too (the API sends that
 * signature in a header).
 */
import { FONT } from '../documents/fonts.js';
import { createPdf, finishPdf } from '../documents/pdf-output.js';
import { formatIst } from '../monitoring/alert-message.js';
import type { CheckResult } from './check.types.js';
import type { SignedReport } from './security-audit-report.js';

const MARGIN = 48;
const WIDTH = 595.28 - 2 * MARGIN;
const BOTTOM = 841.89 - MARGIN;

const STATUS_COLOURS: Record<CheckResult['status'], string> = {
  pass: '#1b7f3b',
  warn: '#a35f00',
  fail: '#b3261e',
  unknown: '#555555',
  error: '#6b1f9e',
};

/** Evidence in one short line per key, for the printed report (the JSON has all of it). */
function evidenceLines(evidence: Record<string, unknown>): string[] {
  return Object.entries(evidence).map(([key, value]) => {
    const text = JSON.stringify(value) ?? 'null';
    return `${key}: ${text.length > 300 ? `${text.slice(0, 300)}...` : text}`;
  });
}

function ensureRoom(pdf: PDFKit.PDFDocument, height: number): void {
  if (pdf.y + height > BOTTOM) pdf.addPage();
}

function drawCheck(pdf: PDFKit.PDFDocument, check: CheckResult): void {
  ensureRoom(pdf, 60);
  const top = pdf.y;
  pdf.font(FONT.bold).fontSize(9).fillColor(STATUS_COLOURS[check.status]);
  pdf.text(check.status.toUpperCase(), MARGIN, top, { width: 50 });
  pdf.fillColor('black').text(check.title, MARGIN + 56, top, { width: WIDTH - 56 });
  pdf.font(FONT.regular).fontSize(8).fillColor('#444444');
  pdf.text(`${check.id} - severity ${check.severity} - ${check.category}`, MARGIN + 56, pdf.y, {
    width: WIDTH - 56,
  });
  pdf
    .fillColor('black')
    .fontSize(9)
    .text(check.found, MARGIN + 56, pdf.y + 2, { width: WIDTH - 56 });
  if (check.remediation !== null)
    pdf
      .font(FONT.regular)
      .text(`What to do: ${check.remediation}`, MARGIN + 56, pdf.y + 2, { width: WIDTH - 56 });
  if (check.status !== 'pass') {
    pdf.font('Courier').fontSize(7).fillColor('#333333');
    for (const line of evidenceLines(check.evidence))
      pdf.text(line, MARGIN + 56, pdf.y + 1, { width: WIDTH - 56 });
  }
  pdf.fillColor('black').moveDown(0.8);
}

/** Renders the signed report as PDF bytes, with the signed JSON attached. */
export async function renderReportPdf(signed: SignedReport): Promise<Buffer> {
  const { report, signature } = signed;
  const pdf = createPdf(
    { size: 'A4', margin: MARGIN },
    `Security self-audit ${report.runId}`,
    report.finishedAt,
  );
  pdf.font(FONT.bold).fontSize(16).text('Tijori security self-audit report');
  pdf.font(FONT.regular).fontSize(10).moveDown(0.3);
  pdf.text(`Business: ${report.business}`);
  pdf.text(
    `Run: ${report.runId} (${report.trigger}), ${formatIst(report.startedAt)} to ${formatIst(report.finishedAt)}`,
  );
  pdf.moveDown(0.5).font(FONT.bold).fontSize(14);
  pdf.text(`Score: ${report.score.toFixed(1)} / 100`);
  const c = report.counts;
  pdf.font(FONT.regular).fontSize(10);
  pdf.text(
    `${String(c.pass)} pass, ${String(c.warn)} warn, ${String(c.fail)} fail, ${String(c.unknown)} unknown, ${String(c.error)} error`,
  );
  const { tijori, node } = report.versions;
  pdf.text(
    `Tijori ${tijori.version}: ${tijori.status}${tijori.endOfLife === null ? '' : ` (support until ${tijori.endOfLife})`}`,
  );
  pdf.text(
    `Node.js ${node.version}: ${node.status}${node.endOfLife === null ? '' : ` (end of life ${node.endOfLife})`}`,
  );
  pdf.moveDown(1);
  for (const check of report.checks) drawCheck(pdf, check);
  ensureRoom(pdf, 90);
  pdf.moveDown(0.5).font(FONT.bold).fontSize(10).text('Signature');
  pdf.font('Courier').fontSize(7);
  pdf.text(`Ed25519 key ${signature.keyId}; SHA-256 of the report's canonical JSON: ${signature.digest}`);
  pdf.text(`Signature: ${signature.value}`);
  pdf.font(FONT.regular).fontSize(8);
  pdf.text(
    `The signed JSON report is attached to this PDF (security-audit-${report.runId}.json). Check it with the installation's public key (tijori keys public-key).`,
  );
  pdf.file(Buffer.from(JSON.stringify(signed, null, 2), 'utf8'), {
    name: `security-audit-${report.runId}.json`,
    type: 'application/json',
    description: 'The signed self-audit report',
    creationDate: new Date(report.finishedAt),
    modifiedDate: new Date(report.finishedAt),
  });
  return finishPdf(pdf);
}
