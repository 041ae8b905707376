import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { DisseminationPackageResponse, PackageReportResponse, PackageSubjectResponse } from '../dto/dissemination.response';
import { canonicalJson } from '../dissemination/canonical-json';

// Read once: a font given as bytes spares every report a file read (the subset embedded is made per report).
let fonts: { regular: Buffer; bold: Buffer; mono: Buffer } | undefined;
const loadFonts = () =>
  (fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    mono: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf')),
  });

export const INTELLIGENCE_NOT_EVIDENCE =
  'This report is financial intelligence, not evidence. It may not be produced in court or used as evidence without the FIU’s written consent or a formal request for legal assistance.';
export const THIRD_PARTY_RULE =
  'Third-party rule: no onward disclosure, to any authority or person, without the prior written consent of the FIU; material received from a partner FIU is included only with that FIU’s recorded consent and stays subject to its conditions.';

export interface ReportSignatureNote {
  keyId: string;
  algorithm: string;
}

type Doc = PDFKit.PDFDocument;

/**
 * The PDF intelligence report of an issued package: its reference, classification and
 * conditions of use, the package content, and its SHA-256 (the canonical JSON is embedded as a
 * file, so the hash can be recomputed from the PDF alone). Fonts are embedded (DejaVu), so names
 * in any European script print as filed.
 */
export async function renderIntelligenceReport(pkg: DisseminationPackageResponse, packageSha256: string, signature: ReportSignatureNote): Promise<Buffer> {
  const issuedAt = pkg.issuedAt ? new Date(pkg.issuedAt) : new Date();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    pdfVersion: '1.7',
    // The reference and the package hash are in the document information too, readable without rendering.
    info: { Title: `Financial intelligence report ${pkg.ref}`, Author: pkg.from, Subject: pkg.classification ?? 'CONFIDENTIAL', Keywords: `${pkg.ref} package-sha256:${packageSha256}`, CreationDate: issuedAt, ModDate: issuedAt },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const { regular, bold, mono } = loadFonts();
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  doc.registerFont('mono', mono);

  header(doc, pkg);
  conditions(doc, pkg);
  pkg.reports.forEach((report, index) => reportSection(doc, report, index + 1));
  if (pkg.subjects.length) subjectsSection(doc, pkg.subjects);
  if (pkg.fromPartners.length) partnersSection(doc, pkg);
  integrity(doc, pkg, packageSha256, signature);

  doc.file(Buffer.from(canonicalJson(pkg), 'utf8'), {
    name: `${pkg.ref}-package.json`,
    type: 'application/json',
    description: 'The issued package, canonical JSON (keys sorted); its SHA-256 is printed in the report',
    creationDate: issuedAt,
    modifiedDate: issuedAt,
  });
  footers(doc, pkg);
  doc.end();
  return finished;
}

function heading(doc: Doc, text: string, size = 13) {
  doc.moveDown(0.8).font('bold').fontSize(size).fillColor('#1a1a1a').text(text).moveDown(0.3);
}

function field(doc: Doc, label: string, value: string | null | undefined) {
  doc.font('bold').fontSize(9).fillColor('#444444').text(`${label}: `, { continued: true }).font('regular').fillColor('#000000').text(value && value.length ? value : '—');
}

function header(doc: Doc, pkg: DisseminationPackageResponse) {
  doc.font('bold').fontSize(10).fillColor('#b00020').text(pkg.classification ?? 'CONFIDENTIAL', { align: 'center' });
  doc.moveDown(0.5).fillColor('#000000').fontSize(18).text('Financial intelligence report', { align: 'center' });
  doc.font('regular').fontSize(11).text(pkg.ref, { align: 'center' }).moveDown(1);
  field(doc, 'From', pkg.from);
  field(doc, 'To', pkg.recipient ? `${pkg.recipient.name} (${pkg.recipient.code}, ${pkg.recipient.kind})` : pkg.to);
  field(doc, 'Issued', pkg.issuedAt);
  field(doc, 'Purpose', pkg.purpose);
}

function conditions(doc: Doc, pkg: DisseminationPackageResponse) {
  heading(doc, 'Conditions of use');
  doc.font('regular').fontSize(9).fillColor('#000000');
  doc.text(pkg.caveats).moveDown(0.3);
  doc.text(INTELLIGENCE_NOT_EVIDENCE).moveDown(0.3);
  doc.text(THIRD_PARTY_RULE);
  if (pkg.redaction) {
    const withheld = pkg.redaction.withheld.map((category) => category.replace(/_/g, ' '));
    doc.moveDown(0.3).text(`Withheld from this recipient (redaction rule for ${pkg.redaction.recipientKind}, version ${pkg.redaction.ruleVersion}): ${withheld.length ? withheld.join(', ') : 'nothing'}.`);
  }
}

function reportSection(doc: Doc, report: PackageReportResponse, number: number) {
  heading(doc, `Report ${number}: ${report.fiuRef}`);
  field(doc, 'Type', report.reportCode);
  field(doc, 'Submitted', report.submissionDate);
  field(doc, 'Filer sector', report.filerSector);
  if (report.filer) field(doc, 'Reporting entity', `${report.filer.name} (${report.filer.code})`);
  if (report.reason) field(doc, 'Grounds for suspicion', report.reason);
  if (report.action) field(doc, 'Action taken', report.action);
  if (report.indicators.length) field(doc, 'Indicators', report.indicators.join(', '));
  if (report.score !== null) {
    field(doc, 'Risk score', `${report.score} (${report.band ?? 'unbanded'})`);
    for (const item of report.explanation ?? []) doc.font('regular').fontSize(8.5).text(`• ${item.summary} (+${item.points})`, { indent: 12 });
  }
  if (report.transactions.length) {
    doc.moveDown(0.3).font('bold').fontSize(9).text('Transactions');
    for (const transaction of report.transactions) {
      doc.font('mono').fontSize(8).text([transaction.date ?? '—', transaction.amount ?? '—', transaction.mode ?? '', transaction.description ?? ''].join('  '), { indent: 12 });
    }
  }
  if (report.parties.length) {
    doc.moveDown(0.3).font('bold').fontSize(9).text('Parties');
    for (const party of report.parties) {
      const details = [party.kind, party.birthdate ? `born ${party.birthdate}` : null, party.iban, party.country].filter(Boolean).join(', ');
      doc.font('regular').fontSize(8.5).text(`• ${party.place}: ${party.name ?? '(unnamed)'} (${details})`, { indent: 12 });
    }
  }
}

function subjectsSection(doc: Doc, subjects: PackageSubjectResponse[]) {
  heading(doc, 'Subjects');
  for (const subject of subjects) {
    doc.font('bold').fontSize(9.5).text(`${subject.displayName ?? '(unnamed)'} (${subject.kind}${subject.birthdate ? `, born ${subject.birthdate}` : ''})`);
    if (subject.identifiers.length) doc.font('mono').fontSize(8).text(subject.identifiers.join('  '), { indent: 12 });
    for (const hit of subject.screeningHits) doc.font('regular').fontSize(8.5).text(`• Screening: ${hit.matched} on the ${hit.list} list (${hit.ref}), score ${hit.score}`, { indent: 12 });
    doc.moveDown(0.3);
  }
}

function partnersSection(doc: Doc, pkg: DisseminationPackageResponse) {
  heading(doc, 'Material from partner FIUs (disclosed with their consent)');
  for (const material of pkg.fromPartners) {
    field(doc, 'From', `FIU ${material.originator}, ${material.type}${material.receivedAt ? `, received ${material.receivedAt}` : ''}`);
    doc.font('mono').fontSize(7.5).text(JSON.stringify(material.body, null, 1), { indent: 12 });
    if (Object.keys(material.caveats ?? {}).length) doc.font('regular').fontSize(8).text(`Their conditions: ${JSON.stringify(material.caveats)}`, { indent: 12 });
    doc.moveDown(0.3);
  }
}

function integrity(doc: Doc, pkg: DisseminationPackageResponse, packageSha256: string, signature: ReportSignatureNote) {
  heading(doc, 'Integrity');
  doc.font('regular').fontSize(8.5).text('SHA-256 of the issued package (canonical JSON, keys sorted; embedded in this PDF as an attachment):');
  doc.font('mono').fontSize(8.5).text(packageSha256).moveDown(0.3);
  doc
    .font('regular')
    .fontSize(8.5)
    .text(`This PDF is signed by the FIU with ${signature.algorithm} key ${signature.keyId}; the detached signature is delivered beside it (${pkg.ref}.pdf.sig). A changed byte fails verification.`);
}

function footers(doc: Doc, pkg: DisseminationPackageResponse) {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const bottom = doc.page.height - 40;
    // Writing in the margin must not open a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(7.5).fillColor('#666666').text(`${pkg.ref} · ${pkg.classification ?? 'CONFIDENTIAL'} · page ${index + 1} of ${range.count}`, 56, bottom, {
      width: doc.page.width - 112,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
}
